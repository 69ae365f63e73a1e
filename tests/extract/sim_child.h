// Runs the real mews-sim ("mews-sim serve --port 0") as a child process for integration tests:
// reads the port it prints, talks to its /_sim control API and stops it with SIGTERM.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mews::test {

class SimChild {
 public:
  // Starts mews-sim of this build with `args` added after "serve --port 0 --work-dir <tmp>".
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
  pid_t pid_ = -1;
  std::string url_, error_, work_dir_;
};

// The value of "key" in one flat JSON line written by mews-sim ("" when absent).
std::string JsonField(const std::string& line, const std::string& key);

}  // namespace mews::test
