#include "extract/clock.h"

#include <time.h>

#include <thread>

namespace mews {
namespace {

class RealClock : public Clock {
 public:
  WallTime Now() override { return std::chrono::system_clock::now(); }
  SteadyTime MonotonicNow() override { return std::chrono::steady_clock::now(); }
  void SleepFor(std::chrono::milliseconds duration) override {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
  }
};

}  // namespace

Clock* Clock::Real() {
  static RealClock* clock = new RealClock();
  return clock;
}

std::string FormatUtc(Clock::WallTime t) {
  time_t secs = std::chrono::system_clock::to_time_t(t);
  struct tm tm = {};
  gmtime_r(&secs, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace mews
