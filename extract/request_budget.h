// The client side of Mews' rate limit: at most N API requests per access token in any sliding
// window of W (Mews: 200 per 30 s). One budget is shared by every client of one access token, the
// export calls and the reference */getAll calls alike, so together they never exceed it; a 429 the
// server still sends is handled by the retry policy. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>

#include "core/time.h"

namespace mews {

class RequestBudget {
 public:
  // REQUIRES: requests > 0; `clock` outlives the budget.
  RequestBudget(int requests, std::chrono::milliseconds window, Clock* clock);

  // Blocks (through the clock) until a request fits in the window, then counts it as sent now.
  void Acquire();

  // Total time Acquire has waited so far.
  std::chrono::milliseconds waited() const;

 private:
  const size_t requests_;
  const std::chrono::milliseconds window_;
  Clock* clock_;
  mutable std::mutex mu_;
  std::deque<Clock::SteadyTime> sent_;  // send times within the last window, oldest first
  std::chrono::milliseconds waited_{0};
};

}  // namespace mews
