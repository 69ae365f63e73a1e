// SimServer: the mews-sim HTTP server (a local Mews export API) that tests can run in-process.
// Serves exports/add, exports/getAll, signed file URLs, the reference */getAll operations and
// the /_sim control API on one port, for one access token or several (ServerOptions::properties).
// Start and Stop may be called from any thread; the server answers on its own threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "tools/mews-sim/data_store.h"
#include "tools/mews-sim/export_store.h"
#include "tools/mews-sim/faults.h"
#include "tools/mews-sim/rate_limit.h"
#include "tools/mews-sim/record_generator.h"

namespace mews::sim {

constexpr uint64_t kDefaultRecordCount = 1000;

// One access token with its own data set (--property TOKEN=SEED): its enterprises, facts and
// reference data come from `seed`; it has its own exports and rate-limit window.
struct PropertyOptions {
  std::string access_token;
  uint64_t seed = 1;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                                   // 0: any free port
  GeneratorOptions generator;
  std::array<uint64_t, kEntityCount> counts = [] {
    std::array<uint64_t, kEntityCount> c{};
    c.fill(kDefaultRecordCount);
    return c;
  }();
  ExportTiming timing;
  int64_t url_ttl_seconds = 600;                  // signed file URLs are valid this long
  std::string client_token = "sim-client-token";
  std::string access_token = "sim-access-token";
  std::string work_dir;                           // empty: a fresh temporary directory
  std::string request_log_path;                   // empty: the log is kept in memory only
  std::vector<FaultRule> faults;
  // HTTPS: PEM certificate (chain) and private key files; both empty: plain HTTP.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Host name signed file URLs name instead of the request's Host (its port kept); empty: Host.
  std::string files_host;
  // Empty: one property, `access_token` with generator.seed. Else these (access_token unused).
  std::vector<PropertyOptions> properties;
  RateLimit rate_limit;                           // per access token
};

class SimServer {
 public:
  explicit SimServer(ServerOptions options);
  ~SimServer();  // stops the server
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds and starts answering; returns the port. Fails with kIoError (naming host and port, or
  // the work directory or request log) when it cannot.
  Result<int> Start();
  // Stops answering and waits for the server threads. Idempotent. A temporary work directory is
  // removed; a given one is kept.
  void Stop();
  // "http://host:port" (https:// with a certificate) once started.
  std::string base_url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mews::sim
