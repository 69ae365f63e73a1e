#include "app/rate_budget.h"

#include <algorithm>
#include <thread>

namespace mews {

void RateBudget::Acquire(const std::function<bool()>& cancelled) {
  for (;;) {
    std::chrono::steady_clock::time_point wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const auto now = std::chrono::steady_clock::now();
      while (!recent_.empty() && recent_.front() <= now - window_) recent_.pop_front();
      if (static_cast<int>(recent_.size()) < calls_) {
        recent_.push_back(now);
        return;
      }
      wake = recent_.front() + window_;
    }
    if (cancelled && cancelled()) return;
    const auto step = std::chrono::milliseconds(100);
    std::this_thread::sleep_until(std::min(wake, std::chrono::steady_clock::now() + step));
  }
}

}  // namespace mews
