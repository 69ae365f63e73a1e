// FileTransformer's parsing of one region of whole lines: iterate_many first, line by line from
// the first line iterate_many cannot vouch for.
#include <algorithm>
#include <cstring>

#include "transform/file_transformer.h"

namespace mews {

namespace od = simdjson::ondemand;

namespace {
// iterate_many's batch: a multiple of the usual line size, small enough to stay in cache.
constexpr size_t kStreamBatch = size_t{1} << 20;
// A line parser grown past this for a long line is replaced by a fresh one afterwards.
constexpr size_t kLineParserKeep = size_t{8} << 20;
}  // namespace

size_t FileTransformer::CountLines(size_t from, size_t to, uint64_t* line) const {
  size_t line_start = from;
  const char* buf = buf_.get();
  while (const void* nl = std::memchr(buf + from, '\n', to - from)) {
    ++*line;
    line_start = from = static_cast<size_t>(static_cast<const char*>(nl) - buf) + 1;
  }
  return line_start;
}

Status FileTransformer::Settle(Pending* pending, size_t next, bool final, bool* alone) {
  *alone = true;
  if (!pending->active) return Status::Ok();
  pending->active = false;
  if ((!final && next <= pending->line_end) || !Blank(pending->line_end, next)) {
    Undo(*pending);  // something else shares its line: parse line by line from there
    *alone = false;
    return Status::Ok();
  }
  return Commit(*pending);
}

Status FileTransformer::FastPath(size_t end, size_t* resume, uint64_t* resume_line) {
  uint64_t line = line_;
  size_t line_start = 0;
  size_t cursor = 0;  // newlines before it are counted
  *resume = 0;
  *resume_line = line;
  od::document_stream stream;
  const size_t batch = end > options_.window_bytes ? end : std::min(end, kStreamBatch);
  if (stream_parser_.iterate_many(buf_.get(), end, batch).get(stream)) return Status::Ok();
  Pending pending;
  bool alone = true;
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    const size_t start = it.current_index();
    if (start >= end) break;
    MEWS_RETURN_IF_ERROR(Settle(&pending, start, false, &alone));
    if (!alone) return Status::Ok();  // *resume is still the pending record's line
    line_start = CountLines(cursor, start, &line);  // the previous line's newline is at cursor
    *resume = line_start, *resume_line = line;
    od::document_reference doc;
    if (!Blank(line_start, start) || (*it).get(doc)) return Status::Ok();
    const void* nl = std::memchr(buf_.get() + start, '\n', end - start);
    Marks(&pending.marks);
    pending.outcome = builder_.Build(doc, batch_.get());
    if (pending.outcome == BuildOutcome::kInvalidJson) return Status::Ok();
    pending.active = true;
    pending.line = line;
    pending.line_start = line_start;
    pending.line_end = cursor = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) : end;
    if (pending.outcome == BuildOutcome::kReject) pending.reason = builder_.reason();
  }
  if (!pending.active && !Blank(0, end)) return Status::Ok();  // nothing parsed: *resume is 0
  MEWS_RETURN_IF_ERROR(Settle(&pending, end, true, &alone));
  if (!alone) return Status::Ok();
  CountLines(cursor, end, &line);
  line_ = line;
  *resume = end;
  return Status::Ok();
}

Status FileTransformer::SlowPath(size_t from, size_t end, uint64_t line) {
  const char* buf = buf_.get();
  size_t start = from;
  while (start < end) {
    const void* nl = std::memchr(buf + start, '\n', end - start);
    const size_t line_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf) : end;
    if (!Blank(start, line_end)) MEWS_RETURN_IF_ERROR(ParseLine(start, line_end, line));
    if (nl == nullptr) break;
    ++line;
    start = line_end + 1;
  }
  line_ = line;
  return Status::Ok();
}

Status FileTransformer::ParseLine(size_t start, size_t end, uint64_t line) {
  if (line_parser_ == nullptr || line_parser_->capacity() > kLineParserKeep) {
    line_parser_ = std::make_unique<od::parser>();
  }
  const size_t capacity = capacity_ + simdjson::SIMDJSON_PADDING - start;
  od::document doc;
  if (auto error = line_parser_->iterate(buf_.get() + start, end - start, capacity).get(doc)) {
    return EmitReject(line, start, end, std::string("invalid JSON: ") + simdjson::error_message(error));
  }
  Pending row;
  Marks(&row.marks);
  const BuildOutcome outcome = builder_.Build(doc, batch_.get());
  if (outcome != BuildOutcome::kRow) return EmitReject(line, start, end, builder_.reason());
  const char* location = nullptr;
  if (doc.current_location().get(location) == simdjson::SUCCESS) {
    Undo(row);
    return EmitReject(line, start, end, "invalid JSON: content after the record");
  }
  return EmitRow(line);
}

}  // namespace mews
