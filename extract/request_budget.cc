#include "extract/request_budget.h"

namespace mews {

RequestBudget::RequestBudget(int requests, std::chrono::milliseconds window, Clock* clock)
    : requests_(static_cast<size_t>(requests > 0 ? requests : 1)), window_(window), clock_(clock) {}

void RequestBudget::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    const Clock::SteadyTime now = clock_->MonotonicNow();
    while (!sent_.empty() && now - sent_.front() >= window_) sent_.pop_front();
    if (sent_.size() < requests_) {
      sent_.push_back(now);
      return;
    }
    // Wait until the oldest request leaves the window. Sleeping without the lock lets other
    // threads of this token queue up; they recheck the window when they wake.
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(sent_.front() + window_ - now);
    if (wait.count() <= 0) wait = std::chrono::milliseconds(1);
    waited_ += wait;
    lock.unlock();
    clock_->SleepFor(wait);
    lock.lock();
  }
}

std::chrono::milliseconds RequestBudget::waited() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waited_;
}

}  // namespace mews
