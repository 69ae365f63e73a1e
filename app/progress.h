// Progress of a run, per EntityType: bytes downloaded of the total, rows loaded, rate, time left.
// On a terminal one status line is redrawn in place (at most 4 times a second); otherwise a plain
// log line is written every `log_every_seconds`. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace mews {

class Progress {
 public:
  Progress(bool terminal, double log_every_seconds = 10);

  void Downloaded(const std::string& entity, uint64_t bytes, uint64_t total_bytes);
  void Loaded(const std::string& entity, uint64_t rows, uint64_t bytes_parsed);
  // Clears the in-place line (call before printing anything else on a terminal).
  void Clear();

 private:
  struct State {
    uint64_t downloaded = 0, total = 0, rows = 0, parsed = 0;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };
  void MaybeShow(const std::string& entity, const State& s);
  static std::string Describe(const std::string& entity, const State& s);

  std::mutex mu_;
  bool terminal_;
  std::chrono::duration<double> every_;
  std::chrono::steady_clock::time_point last_shown_{};
  std::map<std::string, State> states_;
  bool line_drawn_ = false;
};

}  // namespace mews
