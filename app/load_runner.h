// Loads local JSON Lines files of one EntityType into a Loader in ONE transaction: transform on a
// worker thread, writes on the caller's, commit or roll back as a whole. Shared by `load` and `sync`.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "app/batch_pipeline.h"
#include "load/sink.h"

namespace mews {

struct LoadRequest {
  const EntityMapping* mapping = nullptr;
  FileSource files;
  LoadContext context;
  CommitOptions commit;
  long long max_rejects = 0;
  // When set, the commit stores this kind of watermark with the greatest value of the mapping's
  // updated column among the rows loaded (a full export); nothing is stored when no row has one.
  std::optional<std::string> watermark_from_data_kind;
  std::function<bool()> cancelled = [] { return false; };
  std::function<void(const PipelineStats&)> progress;
};

struct LoadResult {
  LoadCounts counts;
  PipelineStats stats;
};

// Runs the load. On any failure the transaction is rolled back and the Status says what failed
// (with file and line for data errors); the loader is left without an open load.
Result<LoadResult> LoadFiles(Loader* loader, const LoadRequest& request);

// "order_items: 10 inserted, 2 updated, 0 unchanged" per table, plus rejected lines, one per line.
std::string FormatCounts(const LoadCounts& counts);

}  // namespace mews
