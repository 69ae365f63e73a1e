// Hands downloaded files from an extract thread to the load as each one completes, so the next file
// downloads while the current one loads. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "app/batch_pipeline.h"

namespace mews {

class FileQueue {
 public:
  // Ignored once the queue is closed.
  void Add(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    paths_.push_back(path);
    cv_.notify_all();
  }
  // No more files: the source ends after the queued ones with `status` (OK, or why the rest failed).
  // Only the first Close counts.
  void Close(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    status_ = status;
    cv_.notify_all();
  }
  // A FileSource reading this queue; it blocks until a file is ready or the queue is closed.
  FileSource Source() {
    return [this]() -> Result<std::optional<std::string>> {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !paths_.empty() || closed_; });
      if (!paths_.empty()) {
        std::string p = paths_.front();
        paths_.pop_front();
        return std::optional<std::string>(p);
      }
      if (!status_.ok()) return status_;
      return std::optional<std::string>();
    };
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> paths_;
  bool closed_ = false;
  Status status_;
};

}  // namespace mews
