// Time as the extract stage sees it: wall time (for Retry-After dates and filter checks), monotonic
// time (for budgets) and sleeping. Injected so unit tests never sleep; integration tests use Real().
#pragma once

#include <chrono>
#include <string>

namespace mews {

class Clock {
 public:
  using WallTime = std::chrono::system_clock::time_point;
  using SteadyTime = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual WallTime Now() = 0;
  virtual SteadyTime MonotonicNow() = 0;
  // Blocks the calling thread for `duration` (no-op when not positive).
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;

  // The process-wide real clock. Thread-safe; never destroyed.
  static Clock* Real();
};

// `t` as ISO 8601 UTC with seconds: "2026-11-29T00:41:05Z".
std::string FormatUtc(Clock::WallTime t);

}  // namespace mews
