// RateWindow: the Connector API's per-access-token request limit, a sliding window of N
// requests per W seconds (default 200 per 30 s). Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace mews::sim {

struct RateLimit {
  uint64_t requests = 200;  // 0: no limit
  int64_t window_seconds = 30;
};

class RateWindow {
 public:
  explicit RateWindow(RateLimit limit) : limit_(limit) {}
  // Admits a request at `now_micros` (and counts it), or refuses it (not counted) and returns
  // the whole seconds until a slot frees (at least 1).
  std::optional<int64_t> Admit(int64_t now_micros);

 private:
  RateLimit limit_;
  std::mutex mu_;
  std::deque<int64_t> admitted_;  // times of the admitted requests inside the window
};

}  // namespace mews::sim
