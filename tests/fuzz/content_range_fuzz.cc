// Content-Range over arbitrary text: an accepted range is consistent and prints back to the same
// text; and every consistent range, printed, parses back to itself.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "extract/content_range.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

std::string Print(const mews::ContentRange& r) {
  return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.last) + "/" +
         (r.complete < 0 ? std::string("*") : std::to_string(r.complete));
}

bool HasLeadingZero(const std::string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const bool starts = i == 0 || text[i - 1] == ' ' || text[i - 1] == '-' || text[i - 1] == '/';
    if (starts && text[i] == '0' && text[i + 1] >= '0' && text[i + 1] <= '9') return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  std::optional<mews::ContentRange> r = mews::ParseContentRange(value);
  if (r) {
    FUZZ_CHECK(r->first >= 0 && r->first <= r->last, mews::fuzz::Printable(value));
    FUZZ_CHECK(r->complete == -1 || r->complete > r->last, mews::fuzz::Printable(value));
    if (!HasLeadingZero(value)) FUZZ_CHECK(Print(*r) == value, mews::fuzz::Printable(value));
  }
  if (size >= 24) {
    mews::ContentRange made;
    uint64_t v[3];
    std::memcpy(v, data, sizeof v);
    made.first = static_cast<int64_t>(v[0] % 100000000000000000u);
    made.last = made.first + static_cast<int64_t>(v[1] % 100000000000000000u);
    made.complete = v[2] % 3 == 0 ? -1 : made.last + 1 + static_cast<int64_t>(v[2] % 100000u);
    std::optional<mews::ContentRange> back = mews::ParseContentRange(Print(made));
    const bool fits = made.last < 1000000000000000000 && made.complete < 1000000000000000000;
    FUZZ_CHECK(back.has_value() == fits, Print(made));
    if (back) {
      FUZZ_CHECK(back->first == made.first && back->last == made.last && back->complete == made.complete,
                 Print(made));
    }
  }
  return 0;
}
