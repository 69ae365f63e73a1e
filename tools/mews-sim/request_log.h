// RequestLog: one JSON line per request the simulator answered, kept in memory and optionally
// appended to a file. Paths never include the query string (signed URLs stay secret).
// Thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <utility>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"

namespace mews::sim {

struct RequestLogEntry {
  uint64_t seq = 0;            // arrival order (1, 2, ...); 0 for requests never routed
  int64_t time_micros = 0;     // when the response was finished
  int64_t duration_micros = 0; // since the request was routed
  std::string method;
  std::string path;            // without query string
  int status = 0;
  std::string entity_type;     // exports/add (and /_sim/pending)
  std::string filters_json;    // exports/add: the Filters echo (JSON), empty otherwise
  std::vector<std::string> export_ids;  // exports/getAll, or the export created or served
  int property = -1;           // with --property: index of the call's access token
  std::string limitation_json; // paged */getAll: the Limitation as sent (JSON), empty otherwise
  std::string range;           // Range header as received
  uint64_t bytes = 0;          // body bytes sent
  std::string fault;           // the fault applied, if any ("status 429", "cut 1000", "gzip")
  std::string request_id;
};

class RequestLog {
 public:
  ~RequestLog();
  // Appends every later entry to `path` as well. Fails with kIoError naming the file.
  Status OpenFile(const std::string& path);
  void Add(const RequestLogEntry& entry);
  // All entries so far as JSON Lines, in arrival order. (The file gets them in the order the
  // responses finished.)
  std::string Dump();

 private:
  std::mutex mu_;
  std::map<std::pair<uint64_t, uint64_t>, std::string> lines_;  // (seq, insertion) -> line
  std::FILE* file_ = nullptr;
};

}  // namespace mews::sim
