#include "app/load_retry.h"

#include <memory>

namespace mews {

bool IsTransientDbFailure(const Status& status) {
  return status.code() == StatusCode::kUnavailable || status.code() == StatusCode::kRetryable ||
         status.code() == StatusCode::kInDoubt;
}

double RetryDelaySeconds(int n) { return n >= 5 ? 15.0 : static_cast<double>(1 << (n - 1)); }

FileSource ReplayFiles::Attempt() {
  auto next = std::make_shared<size_t>(0);
  return [this, next]() -> Result<std::optional<std::string>> {
    if (*next < seen_.size()) return std::optional<std::string>(seen_[(*next)++]);
    Result<std::optional<std::string>> file = files_();
    if (!file.ok()) {
      source_failed_ = true;
      return file;
    }
    if (file->has_value()) {
      seen_.push_back(**file);
      ++*next;
    }
    return file;
  };
}

Result<LoadResult> LoadWithRetries(const FileSource& files, double budget_seconds, const LoadRetryHooks& hooks,
                                   int* retries) {
  ReplayFiles replay(files);
  Result<LoadResult> loaded = hooks.attempt(replay.Attempt());
  double waited = 0;
  int n = 0;
  while (!loaded.ok() && IsTransientDbFailure(loaded.status()) && !replay.source_failed()) {
    const double delay = RetryDelaySeconds(n + 1);
    if (waited + delay > budget_seconds) break;
    if (!hooks.wait(loaded.status(), delay)) break;
    waited += delay;
    ++n;
    Status prepared = hooks.prepare(loaded.status(), n);
    if (prepared.ok()) {
      loaded = hooks.attempt(replay.Attempt());
    } else {
      loaded = prepared;
      if (!IsTransientDbFailure(prepared)) break;
    }
  }
  if (retries) *retries = n;
  return loaded;
}

}  // namespace mews
