// The streaming reader behind TransformFile. Internal to the transform stage (includes simdjson).
// Reads the file in fixed windows into one padded buffer it owns and reuses; each window is cut
// after its last newline and the cut-off line is carried into the next window (a line longer than
// the window grows the buffer for it, which shrinks back afterwards). Each line of a window is parsed
// in place with the simdjson on-demand parser (see region.cc for why not iterate_many), so every
// non-blank line gets its own row or reject with its exact 1-based line number, and an invalid line
// never affects the next. Not thread-safe.
#pragma once

#include <simdjson.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "transform/mapping_tree.h"
#include "transform/row_builder.h"
#include "transform/transform.h"

namespace mews {

// Bytes of a too-long line kept as its reject's raw text.
constexpr size_t kLongLineKept = 4096;

class FileTransformer {
 public:
  FileTransformer(const std::string& path, const CompiledMapping* compiled,
                  const TransformOptions& options, BatchConsumer* consumer, TransformStats* stats);

  Status Run();

 private:
  Status ReadAll(std::FILE* file);
  void Reserve(size_t bytes);
  // Turns the whole lines buf_[0, end) into rows and rejects; line_ is the number of its first
  // line on entry and of the line after the region on return.
  Status ProcessRegion(size_t end);
  Status ParseLine(size_t start, size_t end, uint64_t line);
  Status EmitRow(uint64_t line);
  Status EmitReject(uint64_t line, size_t start, size_t end, const std::string& reason);
  Status EmitRejectText(uint64_t line, std::string_view raw, const std::string& reason);
  // The line at buf_[0, size) has no end yet and is longer than max_line_bytes: rejects it, reading
  // on to its end without keeping more of it. On return buf_[0, *carry) holds what followed the
  // line in the last read; *ended is set when the file ended inside the line.
  Status SkipLongLine(std::FILE* file, size_t size, size_t* carry, bool* ended);
  // Rejects line `line` of `length` bytes for its length, keeping its first kLongLineKept bytes.
  Status RejectLongLine(uint64_t line, std::string_view start, uint64_t length);
  Status Flush();
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
  std::unique_ptr<simdjson::ondemand::parser> line_parser_;
};

}  // namespace mews
