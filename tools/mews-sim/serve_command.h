// `mews-sim serve`: runs the simulator until SIGTERM or SIGINT.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "tools/mews-sim/sim_server.h"

namespace mews::sim {

// Flags as given on the command line, before validation.
struct ServeFlags {
  std::string host = "127.0.0.1";
  int port = 0;
  uint64_t seed = 1;
  std::string anchor;                  // YYYY-MM-DD, empty: today
  uint64_t count = kDefaultRecordCount;
  std::string counts;                  // "Entity=N,Entity=N"
  int files_per_export = 3;
  double processing_seconds = 1;
  int64_t url_ttl_seconds = 600;
  int64_t export_lifetime_seconds = 7 * 86400;
  std::string client_token = "sim-client-token";
  std::string access_token = "sim-access-token";
  std::string work_dir;
  std::string request_log;
  std::string faults;                  // JSON, as POST /_sim/faults takes it
  std::string tls_cert, tls_key;       // PEM files: serve HTTPS
  std::string files_host;              // host name of signed file URLs (default: the Host header)
  std::vector<std::string> properties; // "TOKEN=SEED", repeatable
  std::string rate_limit = "200/30";   // "N/SECONDS" per access token; "0/..": none
  std::string reference_counts;        // "Type=N,...": sizes of the reference set
};

// Validates the flags into `out`; kInvalidArgument names the flag.
Status BuildServerOptions(const ServeFlags& flags, ServerOptions* out);

// Serves until SIGTERM/SIGINT. Prints "mews-sim listening on http://HOST:PORT" as the first line
// of stdout (flushed) once requests are answered.
Status RunServe(const ServeFlags& flags);

}  // namespace mews::sim
