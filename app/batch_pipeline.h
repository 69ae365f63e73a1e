// Runs the transform of a sequence of files on a worker thread while the calling thread hands the
// batches to the database, so parsing overlaps the database's ingest. Memory is bounded: at most
// `queue_batches` batches wait between the two threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.h"
#include "schemas/row_batch.h"
#include "transform/transform.h"

namespace mews {

// Where the rows go (the load stage, adapted by app/). Called on the calling thread only.
class RowWriter {
 public:
  virtual ~RowWriter() = default;
  virtual Status WriteBatch(const RowBatch& batch) = 0;
  virtual Status WriteReject(const Reject& reject) = 0;
};

// The files to transform, in order. Next() may block until a file is ready (a download in flight)
// and returns nullopt when there are no more. Called on the worker thread.
using FileSource = std::function<Result<std::optional<std::string>>()>;

struct PipelineOptions {
  // Rejected lines allowed before the load fails; past it the pipeline stops with kAborted naming
  // the file and line of the first reject over the limit.
  long long max_rejects = 0;
  TransformOptions transform;
  size_t queue_batches = 2;
  // Polled between batches; when it returns true the pipeline stops with kAborted.
  std::function<bool()> cancelled = [] { return false; };
};

struct PipelineStats {
  uint64_t files = 0;
  uint64_t bytes = 0;
  uint64_t lines = 0;
  uint64_t rows = 0;
  uint64_t rejects = 0;
};

// Transforms every file of `files` for `mapping` into `writer`. Returns the first failure of the
// source, the transform, the writer, the reject limit or cancellation; OK when all files were
// written. Progress (if set) is called on the calling thread after each batch.
Status RunBatchPipeline(const FileSource& files, const EntityMapping& mapping,
                        const PipelineOptions& options, RowWriter* writer, PipelineStats* stats,
                        const std::function<void(const PipelineStats&)>& progress = nullptr);

// A FileSource over a fixed list of paths.
FileSource FixedFiles(std::vector<std::string> paths);

}  // namespace mews
