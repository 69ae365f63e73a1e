#include "extract/content_range.h"

namespace mews {
namespace {

// Reads 1..18 decimal digits at the front of `*text` (so no overflow), consuming them.
std::optional<int64_t> TakeNumber(std::string_view* text) {
  size_t n = 0;
  int64_t value = 0;
  while (n < text->size() && (*text)[n] >= '0' && (*text)[n] <= '9') {
    if (n == 18) return std::nullopt;
    value = value * 10 + ((*text)[n] - '0');
    ++n;
  }
  if (n == 0) return std::nullopt;
  text->remove_prefix(n);
  return value;
}

bool Take(std::string_view* text, std::string_view prefix) {
  if (text->substr(0, prefix.size()) != prefix) return false;
  text->remove_prefix(prefix.size());
  return true;
}

}  // namespace

std::optional<ContentRange> ParseContentRange(std::string_view value) {
  ContentRange range;
  if (!Take(&value, "bytes ")) return std::nullopt;
  std::optional<int64_t> first = TakeNumber(&value);
  if (!first || !Take(&value, "-")) return std::nullopt;
  std::optional<int64_t> last = TakeNumber(&value);
  if (!last || !Take(&value, "/") || *last < *first) return std::nullopt;
  range.first = *first;
  range.last = *last;
  if (Take(&value, "*")) return value.empty() ? std::optional<ContentRange>(range) : std::nullopt;
  std::optional<int64_t> complete = TakeNumber(&value);
  if (!complete || !value.empty() || *complete <= *last) return std::nullopt;
  range.complete = *complete;
  return range;
}

}  // namespace mews
