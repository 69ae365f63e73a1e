// The Content-Range header of a 206 reply (RFC 9110 section 14.4), which says where the bytes of a
// resumed download belong.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mews {

struct ContentRange {
  int64_t first = 0;
  int64_t last = 0;       // inclusive
  int64_t complete = -1;  // the whole representation's length; -1 when sent as "*"
};

// "bytes FIRST-LAST/COMPLETE" or "bytes FIRST-LAST/*", decimal digits only, with
// FIRST <= LAST < COMPLETE; anything else (an unsatisfied-range "bytes */N", signs, spaces, values
// beyond int64) is nullopt.
std::optional<ContentRange> ParseContentRange(std::string_view value);

}  // namespace mews
