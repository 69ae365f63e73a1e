// Fault injection for mews-sim: an ordered list of rules, each applied to requests of one
// operation a limited number of times (or always). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mews::sim {

struct FaultRule {
  std::string op;                 // "add", "getAll", "file" or a reference op ("services/getAll")
  int status = 0;                 // respond with this status instead (0: no status fault)
  std::string retry_after;        // Retry-After value in seconds ("" : no header)
  bool retry_after_date = false;  // send Retry-After as an HTTP date, now + retry_after seconds
  bool after_processing = false;  // add/getAll: do the work (create the export), then fail
  int64_t cut_after_bytes = -1;   // file: close the connection after this many body bytes
  bool gzip = false;              // file: gzip the body (Content-Encoding: gzip)
  int64_t extra_bytes = 0;        // file: append this many bytes of JSON Lines past the file's end
  int64_t delay_ms = 0;           // wait this long before answering
  int64_t file = 0;               // file: only the export's file number N (named <id>-N.jsonl); 0: any
  int64_t times = -1;             // applications left; -1: always
  bool ignore_cursor = false;     // paged */getAll: answer as if no Cursor was sent (a cursor loop)
  int64_t overfill = 0;           // paged */getAll: the page holds up to Count + overfill items
};

// Parses {"rules":[...]} (or a bare array of rules). Fails with kInvalidArgument naming the
// rule and field.
Result<std::vector<FaultRule>> ParseFaultRules(std::string_view json);

class FaultList {
 public:
  void Replace(std::vector<FaultRule> rules);
  // The first rule for `op` (and for export file number `file`, when the rule names one) with
  // applications left, consumed once; nullopt when none.
  std::optional<FaultRule> Take(std::string_view op, int64_t file = 0);

 private:
  std::mutex mu_;
  std::vector<FaultRule> rules_;
};

}  // namespace mews::sim
