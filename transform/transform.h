// The transform stage: streams a JSON Lines file of one EntityType into typed row batches.
// Knows no database and no network. Memory is bounded by TransformOptions, whatever the file size.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schemas/row_batch.h"
#include "schemas/schema.h"
#include "core/status.h"

namespace mews {

// Receives what the transform produces. A non-OK status from either method stops the transform,
// which then returns that status.
class BatchConsumer {
 public:
  virtual ~BatchConsumer() = default;
  // Takes ownership of a full batch (or the last, partial one). Never called with an empty batch.
  virtual Status OnBatch(std::unique_ptr<RowBatch> batch) = 0;
  // A record that could not become a row (invalid JSON, no Id, wrong type, missing required field).
  virtual Status OnReject(const Reject& reject) = 0;
};

struct TransformOptions {
  // A line longer than this is rejected ("line too long: ...", raw holding its first 4 KiB) and
  // read past without being kept, so that memory stays bounded whatever a file holds. Mews records
  // are a few KB. Default: 16 MiB.
  size_t max_line_bytes = size_t{16} << 20;
  // Bytes read from the file per window. A line longer than this still works (the window grows for
  // it, then shrinks back). Default: 1 MiB (256 KiB to 4 MiB measured equally fast; the window
  // mainly bounds memory).
  size_t window_bytes = size_t{1} << 20;
  // A batch is handed over when it holds this many root rows or this many bytes (TableRows::bytes
  // of all its tables). The byte limit keeps a batch of wide records small enough to be reused by
  // the allocator instead of being mapped and page-faulted afresh each time, and to stay in cache
  // while it is filled. Measured on 200k OrderItems (about 3 KB of cells and text per row): 8 MiB
  // batches took 10.3k page faults and 0.55 s, 2 MiB ones 3.2k and 0.43 s, 1 MiB ones 2.2k and
  // 0.41 s. Smaller batches cost the load stage one COPY per table per batch.
  size_t batch_rows = 20000;
  size_t batch_bytes = size_t{2} << 20;
  // Localized texts ({"en-US": ..., "de-DE": ...}): the languages their preferred-language column
  // takes, in order (e.g. --language, then the enterprise's default); when none is present, the
  // first language of the text.
  std::vector<std::string> languages;
};

// Deepest nesting of arrays and objects accepted in one json column or `_extra` value.
// PostgreSQL's jsonb parser runs out of stack between 10,000 and 100,000 levels (and then fails the
// whole load); Mews records nest a few.
constexpr size_t kMaxJsonDepth = 10000;

struct TransformStats {
  uint64_t bytes = 0;    // bytes read
  uint64_t lines = 0;    // non-blank lines seen
  uint64_t rows = 0;     // root rows produced
  uint64_t rejects = 0;  // lines rejected
};

// Transforms every line of `path`. Returns IoError when the file cannot be read, InvalidArgument
// when the mapping cannot be compiled, or the first non-OK status of `consumer`. Rejected lines do
// not make the result non-OK; the consumer decides.
// Guarantees: every non-blank line yields exactly one row or one Reject, in file order, with its
// exact 1-based line number (blank lines counted; CRLF, a UTF-8 BOM and a missing final newline are
// fine). Values are canonical (docs/tables.md, "Values": uuids lower-cased, timestamps in UTC,
// decimals as written, NUL in text as U+FFFD); fields the mapping does not know go to the root
// row's `_extra` as {"dotted.path[i].Key": raw JSON, ...} in document order. A rejected record
// leaves no row in any table. Reject reasons read "<dotted path>: <what>", "invalid JSON: <msg>" or
// "line too long: ..."; a reject's reason and raw text are valid UTF-8 without NUL (other bytes
// show as U+FFFD), so every database stores them. A decimal beyond the range of a double and a
// json or `_extra` value nested deeper than kMaxJsonDepth are rejected (no database may store
// Infinity or fail on the depth). Memory is bounded by window_bytes, max_line_bytes and the batch
// limits. Thread-safe for
// distinct consumers: it keeps no global state.
Status TransformFile(const std::string& path, const EntityMapping& mapping,
                     const TransformOptions& options, BatchConsumer* consumer, TransformStats* stats);

}  // namespace mews
