// The streaming reader behind TransformFile. Internal to the transform stage (includes simdjson).
// Reads the file in fixed windows into one padded buffer it owns and reuses; each window is cut
// after its last newline and the cut-off line is carried into the next window (a line longer than
// the window grows the buffer for it, which shrinks back afterwards). The whole lines of a window
// are parsed with simdjson iterate_many; if a document is not alone on its line, or simdjson
// reports an error, the rest of the window is parsed line by line so that every line gets its own
// row or reject with its exact 1-based line number. Not thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "transform/mapping_tree.h"
#include "transform/row_builder.h"
#include "transform/transform.h"

namespace mews {

class FileTransformer {
 public:
  FileTransformer(const std::string& path, const CompiledMapping* compiled,
                  const TransformOptions& options, BatchConsumer* consumer, TransformStats* stats);

  Status Run();

 private:
  // A built record whose line is confirmed only once the next document's position is known.
  struct Pending {
    bool active = false;
    BuildOutcome outcome = BuildOutcome::kRow;
    uint64_t line = 0;
    size_t line_start = 0, line_end = 0;
    std::vector<TableRows::Mark> marks;
    std::string reason;
  };

  Status ReadAll(std::FILE* file);
  void Reserve(size_t bytes);
  // Turns the whole lines buf_[0, end) into rows and rejects; line_ is the number of its first line.
  Status ProcessRegion(size_t end);
  // iterate_many over the region; sets *resume (and *resume_line) to where line-by-line parsing
  // must take over, or to `end` when every line was handled.
  Status FastPath(size_t end, size_t* resume, uint64_t* resume_line);
  Status SlowPath(size_t from, size_t end, uint64_t line);
  Status ParseLine(size_t start, size_t end, uint64_t line);
  // Counts the newlines in buf_[from, to) into *line; returns where the last counted line starts
  // (`from` when there is none).
  size_t CountLines(size_t from, size_t to, uint64_t* line) const;
  // Commits the pending record when only whitespace separates its line end from `next` (the next
  // document's start, or the region's end when `final`); otherwise undoes it and sets *alone to
  // false.
  Status Settle(Pending* pending, size_t next, bool final, bool* alone);
  Status Commit(const Pending& p);
  void Undo(const Pending& p);
  Status EmitRow(uint64_t line);
  Status EmitReject(uint64_t line, size_t start, size_t end, const std::string& reason);
  Status Flush();
  void Marks(std::vector<TableRows::Mark>* marks) const;
  bool Blank(size_t from, size_t to) const;

  const std::string& path_;
  const CompiledMapping* compiled_;
  TransformOptions options_;
  BatchConsumer* consumer_;
  TransformStats* stats_;
  RowBuilder builder_;
  std::unique_ptr<RowBatch> batch_;

  std::unique_ptr<char[]> buf_;  // capacity_ + SIMDJSON_PADDING bytes
  size_t capacity_ = 0;
  uint64_t line_ = 1;           // number of the line that starts the next region
  simdjson::ondemand::parser stream_parser_;
  std::unique_ptr<simdjson::ondemand::parser> line_parser_;
};

}  // namespace mews
