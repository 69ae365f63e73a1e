// TextStage: the text of one table's rows of the record being built, kept apart from the table's
// arena until the record is complete and then moved there in one append. Its appends are inline
// (std::string's are calls into the library), and a rejected record leaves the arena untouched.
// Internal to the transform stage. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace mews {

class TextStage {
 public:
  size_t size() const { return size_; }
  std::string_view view() const { return std::string_view(buf_.data(), size_); }
  void Clear() { size_ = 0; }

  // Returns room for `n` more bytes, which the caller fills; they count as written.
  char* Extend(size_t n) {
    if (buf_.size() - size_ < n) Grow(n);
    char* p = &buf_[0] + size_;
    size_ += n;
    return p;
  }
  void Append(const char* p, size_t n) {
    if (n != 0) std::memcpy(Extend(n), p, n);
  }
  // Append for `n` bytes at `p` where 32 bytes may be read (text in simdjson's padded input): short
  // texts are copied as one fixed-size block, without a call.
  void AppendPadded(const char* p, size_t n) {
    if (n > kBlock) return Append(p, n);
    if (buf_.size() - size_ < kBlock) Grow(kBlock);
    std::memcpy(&buf_[0] + size_, p, kBlock);
    size_ += n;
  }
  // Forgets the last bytes written so that the text is `n` bytes long (n <= size()).
  void Truncate(size_t n) { size_ = n; }

 private:
  static constexpr size_t kBlock = 32;

  void Grow(size_t n) { buf_.resize(std::max(size_ + n, 2 * buf_.size() + 256)); }

  std::string buf_;  // buf_.size() is the capacity; [0, size_) is the text
  size_t size_ = 0;
};

}  // namespace mews
