// The real mews-sim as a child process (tests/support/sim_process.h) with its own work directory,
// plus the /_sim control API and request log the extract tests use.
#pragma once

#include <string>
#include <vector>

#include "tests/support/sim_process.h"

namespace mews::test {

class SimChild {
 public:
  // Starts "mews-sim serve --port 0 --work-dir <tmp> <args...>".
  // On failure, url() is "" and error() says why.
  explicit SimChild(const std::vector<std::string>& args);
  ~SimChild();
  SimChild(const SimChild&) = delete;
  SimChild& operator=(const SimChild&) = delete;

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }
  // Where the simulator writes export files: <work_dir>/<export id>-<n>.jsonl.
  const std::string& work_dir() const { return work_dir_; }

  // POSTs `json` to `path` (e.g. "/_sim/faults"); returns the HTTP status, the body in `*reply`.
  int Post(const std::string& path, const std::string& json, std::string* reply = nullptr);
  // The request log, one JSON object per line (GET /_sim/requests).
  std::vector<std::string> Requests();
  // Logged requests whose path ends with `suffix` (e.g. "exports/add").
  std::vector<std::string> RequestsTo(const std::string& suffix);

 private:
  SimProcess process_;
  std::string url_, error_, work_dir_;
};

// The value of "key" in one flat JSON line written by mews-sim ("" when absent).
std::string JsonField(const std::string& line, const std::string& key);

}  // namespace mews::test
