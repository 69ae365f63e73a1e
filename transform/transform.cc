#include "transform/transform.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "transform/file_transformer.h"

namespace mews {

namespace {
// Windows smaller than this are raised to it (the BOM must fit in the first read).
constexpr size_t kMinWindow = 64;
}  // namespace

Status TransformFile(const std::string& path, const EntityMapping& mapping,
                     const TransformOptions& options, BatchConsumer* consumer, TransformStats* stats) {
  Result<CompiledMapping> compiled = CompileMapping(mapping);
  if (!compiled.ok()) return compiled.status();
  TransformStats local;
  FileTransformer transformer(path, &compiled.value(), options, consumer,
                              stats != nullptr ? stats : &local);
  return transformer.Run();
}

FileTransformer::FileTransformer(const std::string& path, const CompiledMapping* compiled,
                                 const TransformOptions& options, BatchConsumer* consumer,
                                 TransformStats* stats)
    : path_(path),
      compiled_(compiled),
      options_(options),
      consumer_(consumer),
      stats_(stats),
      builder_(compiled),
      batch_(std::make_unique<RowBatch>(compiled->mapping)) {
  options_.window_bytes = std::max(options_.window_bytes, kMinWindow);
  builder_.set_languages(options_.languages);
  batch_->file = path;
}

Status FileTransformer::Run() {
  std::FILE* file = std::fopen(path_.c_str(), "rb");
  if (file == nullptr) return Status::IoError(path_ + ": cannot open: " + std::strerror(errno));
  Status status = ReadAll(file);
  std::fclose(file);
  MEWS_RETURN_IF_ERROR(status);
  return Flush();
}

void FileTransformer::Reserve(size_t bytes) {
  const size_t window = options_.window_bytes;
  size_t wanted = capacity_;
  if (bytes > capacity_) {
    wanted = std::max(bytes, capacity_ * 2);
  } else if (capacity_ > 2 * window && bytes <= window * 2) {
    wanted = 2 * window;  // a long line is done: give its memory back
  }
  if (wanted == capacity_ && buf_ != nullptr) return;
  std::unique_ptr<char[]> next(new char[wanted + simdjson::SIMDJSON_PADDING]());
  if (buf_ != nullptr) std::memcpy(next.get(), buf_.get(), std::min(capacity_, wanted));
  buf_ = std::move(next);
  capacity_ = wanted;
}

Status FileTransformer::ReadAll(std::FILE* file) {
  const size_t window = options_.window_bytes;
  size_t carry = 0;
  bool first = true;
  while (true) {
    Reserve(carry + window);
    const size_t got = std::fread(buf_.get() + carry, 1, window, file);
    if (std::ferror(file)) return Status::IoError(path_ + ": read failed: " + std::strerror(errno));
    stats_->bytes += got;
    size_t size = carry + got;
    const bool eof = got < window;
    if (first && size >= 3 && std::memcmp(buf_.get(), "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(buf_.get(), buf_.get() + 3, size - 3);
      size -= 3;
    }
    first = false;
    size_t end = size;
    if (!eof) {
      const void* nl = memrchr(buf_.get(), '\n', size);
      if (nl == nullptr) {
        carry = size;  // the line goes on: read more into a larger buffer
        continue;
      }
      end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get()) + 1;
    }
    MEWS_RETURN_IF_ERROR(ProcessRegion(end));
    carry = size - end;
    std::memmove(buf_.get(), buf_.get() + end, carry);
    if (eof) return Status::Ok();
  }
}

Status FileTransformer::EmitRow(uint64_t line) {
  ++stats_->lines;
  ++stats_->rows;
  batch_->lines.push_back(line);
  // lines.size() is rows() without its division.
  if (batch_->lines.size() >= options_.batch_rows || batch_->bytes() >= options_.batch_bytes) {
    return Flush();
  }
  return Status::Ok();
}

Status FileTransformer::EmitReject(uint64_t line, size_t start, size_t end, const std::string& reason) {
  ++stats_->lines;
  ++stats_->rejects;
  if (end > start && buf_[end - 1] == '\r') --end;
  Reject reject;
  reject.file = path_;
  reject.line = line;
  reject.reason = reason;
  reject.raw.assign(buf_.get() + start, end - start);
  return consumer_->OnReject(reject);
}

Status FileTransformer::Flush() {
  if (batch_->rows() == 0) return Status::Ok();
  std::unique_ptr<RowBatch> full = std::move(batch_);
  batch_ = std::make_unique<RowBatch>(compiled_->mapping);
  batch_->file = path_;
  // Size the next batch like this one (plus a margin) so that it does not grow by copying.
  auto hint = [](size_t n) { return n + n / 8; };
  batch_->root().Reserve(hint(full->root().size()), hint(full->root().TextStart()));
  for (size_t k = 0; k < full->children().size(); ++k) {
    const TableRows& c = full->children()[k];
    batch_->children()[k].Reserve(hint(c.size()), hint(c.TextStart()));
  }
  batch_->lines.reserve(hint(full->lines.size()));
  return consumer_->OnBatch(std::move(full));
}

bool FileTransformer::Blank(size_t from, size_t to) const {
  for (size_t i = from; i < to; ++i) {
    const char c = buf_[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace mews
