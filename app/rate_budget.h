// A client-side budget of API calls for one access token: Mews allows 200 requests per access
// token in any 30 s (a sliding window). Each connection has its own budget, so connections synced
// together never slow each other down, and one connection's exports never run into 429s.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>

namespace mews {

class RateBudget {
 public:
  // At most `calls` Acquire()s return within any `window`.
  RateBudget(int calls, std::chrono::milliseconds window) : calls_(calls), window_(window) {}

  // Returns when a call fits the budget (at once when it does), or when `cancelled` returns true.
  // Thread-safe: every thread of one connection shares its budget.
  void Acquire(const std::function<bool()>& cancelled);

 private:
  const int calls_;
  const std::chrono::milliseconds window_;
  std::mutex mu_;
  std::deque<std::chrono::steady_clock::time_point> recent_;  // the calls within the window
};

// The budget every connection gets: 180 calls per 30 s, a margin under Mews's 200.
inline constexpr int kApiCallsPerWindow = 180;
inline constexpr std::chrono::seconds kApiWindow{30};

}  // namespace mews
