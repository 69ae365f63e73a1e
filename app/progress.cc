#include "app/progress.h"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace mews {

Progress::Progress(bool terminal, double log_every_seconds)
    : terminal_(terminal), every_(terminal ? 0.25 : log_every_seconds) {}

void Progress::Downloaded(const std::string& entity, uint64_t bytes, uint64_t total_bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = states_[entity];
  s.downloaded = bytes;
  s.total = total_bytes;
  MaybeShow(entity, s);
}

void Progress::Loaded(const std::string& entity, uint64_t rows, uint64_t bytes_parsed) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = states_[entity];
  s.rows = rows;
  s.parsed = bytes_parsed;
  MaybeShow(entity, s);
}

void Progress::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  if (terminal_ && line_drawn_) {
    std::fputs("\r\033[K", stderr);
    line_drawn_ = false;
  }
}

std::string Progress::Describe(const std::string& entity, const State& s) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started).count();
  double rate = secs > 0 ? s.rows / secs : 0;
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, "%s: downloaded %.1f/%.1f MB, loaded %llu rows (%.0f rows/s)",
                        entity.c_str(), s.downloaded / 1e6, s.total / 1e6,
                        static_cast<unsigned long long>(s.rows), rate);
  std::string out(buf, n);
  if (s.total > 0 && s.parsed > 0 && s.parsed < s.total && secs > 1) {
    double left = secs * (static_cast<double>(s.total) / s.parsed - 1);
    std::snprintf(buf, sizeof buf, ", about %.0f s left", left);
    out += buf;
  }
  return out;
}

void Progress::MaybeShow(const std::string& entity, const State& s) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_shown_ < every_) return;
  last_shown_ = now;
  std::string line = Describe(entity, s);
  if (terminal_) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    line_drawn_ = true;
  } else {
    spdlog::info("{}", line);
  }
}

}  // namespace mews
