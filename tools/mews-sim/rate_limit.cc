#include "tools/mews-sim/rate_limit.h"

#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

std::optional<int64_t> RateWindow::Admit(int64_t now_micros) {
  if (limit_.requests == 0) return std::nullopt;
  int64_t window = limit_.window_seconds * kMicrosPerSecond;
  std::lock_guard<std::mutex> lock(mu_);
  while (!admitted_.empty() && admitted_.front() <= now_micros - window) admitted_.pop_front();
  if (admitted_.size() < limit_.requests) {
    admitted_.push_back(now_micros);
    return std::nullopt;
  }
  int64_t wait = admitted_.front() + window - now_micros;
  return std::max<int64_t>(1, (wait + kMicrosPerSecond - 1) / kMicrosPerSecond);
}

}  // namespace mews::sim
