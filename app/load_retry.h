// Retrying a load after a database failure that says "try again": the database unavailable (lost
// connection, server shutting down or starting), the transaction aborted as retryable
// (serialization failure, deadlock), or a COMMIT in doubt. Safe because a load is one transaction
// of idempotent upserts: running it again after it did or did not commit gives the same rows.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/batch_pipeline.h"
#include "app/load_runner.h"

namespace mews {

// kUnavailable, kRetryable and kInDoubt.
bool IsTransientDbFailure(const Status& status);

// Seconds to wait before retry `n` (1-based): 1, 2, 4, 8, then 15 each.
double RetryDelaySeconds(int n);

// The files of one load, replayable: each Attempt() source yields again, in order, every file the
// earlier attempts read, then goes on with the files still to come from `files`.
class ReplayFiles {
 public:
  explicit ReplayFiles(FileSource files) : files_(std::move(files)) {}
  FileSource Attempt();
  // True once `files` itself failed (a download, an expired export): a failure no retry mends.
  bool source_failed() const { return source_failed_; }

 private:
  FileSource files_;
  std::vector<std::string> seen_;
  bool source_failed_ = false;
};

struct LoadRetryHooks {
  // One attempt of the load, reading `files`.
  std::function<Result<LoadResult>(const FileSource& files)> attempt;
  // Before retry `n`, after attempt n failed with `failure`: reconnect and record the failed
  // attempt. A transient failure here uses up a retry as well; any other one ends the load.
  std::function<Status(const Status& failure, int n)> prepare;
  // Waits `seconds` before retrying after `failure`; false when cancelled meanwhile (the load then
  // ends with that failure).
  std::function<bool(const Status& failure, double seconds)> wait;
};

// Runs the load, and runs it again after a transient database failure until it succeeds, fails
// otherwise, or the waits before the retries would add up to more than `budget_seconds` (so a
// database down for less than about that long is waited out, however long each attempt takes).
// Returns the last attempt's outcome; `retries` (if set) gets the number of retries made.
Result<LoadResult> LoadWithRetries(const FileSource& files, double budget_seconds, const LoadRetryHooks& hooks,
                                   int* retries = nullptr);

}  // namespace mews
