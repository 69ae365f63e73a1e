// A Clock for unit tests: time moves only when something sleeps, and every sleep is recorded.
#pragma once

#include <chrono>
#include <vector>

#include "core/time.h"

namespace mews::test {

class FakeClock : public Clock {
 public:
  explicit FakeClock(WallTime start = std::chrono::system_clock::from_time_t(1780000000))
      : wall_(start) {}
  WallTime Now() override { return wall_; }
  SteadyTime MonotonicNow() override { return steady_; }
  void SleepFor(std::chrono::milliseconds d) override {
    sleeps.push_back(d);
    if (d.count() > 0) {
      wall_ += d;
      steady_ += d;
    }
  }
  std::chrono::milliseconds Slept() const {
    std::chrono::milliseconds total{0};
    for (auto d : sleeps) total += d;
    return total;
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  WallTime wall_;
  SteadyTime steady_{};
};

}  // namespace mews::test
