// FileTransformer's parsing of one region of whole lines: iterate_many first, line by line from
// the first line iterate_many cannot vouch for.
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

Status FileTransformer::FastPath(size_t end, size_t* resume, uint64_t* resume_line) {
  const char* buf = buf_.get();
  uint64_t line = line_;
  size_t line_start = 0;
  size_t cursor = 0;  // newlines before it are counted
  *resume = 0;
  *resume_line = line;
  od::document_stream stream;
  const size_t batch = end > options_.window_bytes ? end : kStreamBatch;
  if (stream_parser_.iterate_many(buf, end, batch).get(stream)) return Status::Ok();
  Pending pending;
  for (auto it = stream.begin(); it != stream.end(); ++it) {
    const size_t start = it.current_index();
    if (start >= end) break;
    if (pending.active) {
      if (start <= pending.line_end || !Blank(pending.line_end, start)) {
        Undo(pending);
        *resume = pending.line_start, *resume_line = pending.line;
        return Status::Ok();
      }
      pending.active = false;
      MEWS_RETURN_IF_ERROR(Commit(pending));
    }
    while (const void* nl = std::memchr(buf + cursor, '\n', start - cursor)) {
      ++line;
      line_start = cursor = static_cast<size_t>(static_cast<const char*>(nl) - buf) + 1;
    }
    *resume = line_start, *resume_line = line;
    if (!Blank(line_start, start)) return Status::Ok();
    const void* nl = std::memchr(buf + start, '\n', end - start);
    const size_t line_end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf) : end;
    od::document_reference doc;
    if ((*it).get(doc)) return Status::Ok();
    Marks(&pending.marks);
    pending.outcome = builder_.Build(doc, batch_.get());
    if (pending.outcome == BuildOutcome::kInvalidJson) return Status::Ok();
    pending.active = true;
    pending.line = line;
    pending.line_start = line_start;
    pending.line_end = cursor = line_end;
    if (pending.outcome == BuildOutcome::kReject) pending.reason = builder_.reason();
  }
  if (pending.active) {
    if (!Blank(pending.line_end, end)) {
      Undo(pending);
      *resume = pending.line_start, *resume_line = pending.line;
      return Status::Ok();
    }
    MEWS_RETURN_IF_ERROR(Commit(pending));
  } else if (!Blank(0, end)) {
    *resume = 0, *resume_line = line_;
    return Status::Ok();
  }
  while (const void* nl = std::memchr(buf + cursor, '\n', end - cursor)) {
    ++line;
    cursor = static_cast<size_t>(static_cast<const char*>(nl) - buf) + 1;
  }
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
