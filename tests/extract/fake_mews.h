// A small in-process stand-in for the Mews export API on 127.0.0.1 (cpp-httplib), for tests that
// need exact control: exports/add, exports/getAll, signed file URLs, and per-request fault rules.
// Thread-safe: the server runs on its own thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mews::test {

struct FaultRule {
  std::string op;               // "add", "getAll" or "file"
  int status = 0;               // reply with this status instead (0: none)
  std::string retry_after;      // Retry-After header with `status`
  int64_t cut_after_bytes = -1; // file: close the connection after this many body bytes
  bool gzip = false;            // file: serve gzip with Content-Encoding: gzip
  int times = 1;                // how many matching requests it applies to (-1: all)
};

struct LoggedRequest {
  std::string op;      // add, getAll, file
  std::string target;  // path and query as requested
  std::string range;   // Range header of file requests
  int status = 0;
  std::chrono::steady_clock::time_point at;
};

class FakeMews {
 public:
  FakeMews(std::string client_token, std::string access_token);
  ~FakeMews();
  FakeMews(const FakeMews&) = delete;
  FakeMews& operator=(const FakeMews&) = delete;

  std::string url() const;  // http://127.0.0.1:<port>
  // Contents of the files of every export created from now on.
  void SetFiles(std::vector<std::string> files);
  // getAll calls an export answers Processing before it turns Success (default 1).
  void SetPollsBeforeSuccess(int polls);
  void AddFault(const FaultRule& rule);
  void ClearFaults();
  // An export of `entity` created "by an earlier run": Processing until polled as usual. Returns its id.
  std::string AddPendingExport(const std::string& entity);
  // Marks an export Expired (Files empty) or Failed.
  void SetStatus(const std::string& id, const std::string& status);

  std::vector<LoggedRequest> Requests() const;
  int Count(const std::string& op) const;
  // Every signature handed out in file URLs (to check that logs never contain one).
  std::vector<std::string> Signatures() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// gzip of `data` (for fault replies and tests).
std::string Gzip(const std::string& data);

}  // namespace mews::test
