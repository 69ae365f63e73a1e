// Retry-After over arbitrary text, and over every instant written as an HTTP date: a wait is never
// negative, delta seconds are exact, a date is counted from `now`, and nothing overflows.
#include <time.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "extract/retry_policy.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using std::chrono::milliseconds;
using mews::fuzz::Printable;

// 2026-12-04T00:00:00Z, a fixed "now" so that a crash reproduces.
const mews::Clock::WallTime kNow = std::chrono::system_clock::from_time_t(1796342400);

std::string ImfDate(int64_t seconds) {
  time_t t = static_cast<time_t>(seconds);
  struct tm tm = {};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buf[64];
  return std::string(buf, strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  std::optional<milliseconds> wait = mews::ParseRetryAfter(value, kNow);
  if (wait) FUZZ_CHECK(wait->count() >= 0, Printable(value));
  const size_t b = value.find_first_not_of(" \t"), e = value.find_last_not_of(" \t");
  if (b != std::string::npos && e - b < 9 &&
      value.find_first_not_of("0123456789", b) > e) {  // delta seconds
    FUZZ_CHECK(wait && wait->count() == std::stoll(value.substr(b, e - b + 1)) * 1000, Printable(value));
  }
  // The first 8 bytes as an instant within years 1970..9999, written as an IMF-fixdate.
  if (size >= 8) {
    uint64_t bits = 0;
    std::memcpy(&bits, data, 8);
    const int64_t seconds = static_cast<int64_t>(bits % 253402300800u);
    const std::string date = ImfDate(seconds);
    std::optional<milliseconds> at = mews::ParseRetryAfter(date, kNow);
    const int64_t now = 1796342400;
    if (seconds - now <= 999999999) {  // within the 30-year cap delta seconds have too
      FUZZ_CHECK(at && at->count() == std::max<int64_t>(0, seconds - now) * 1000, date);
    } else {
      FUZZ_CHECK(!at, date);
    }
  }
  return 0;
}
