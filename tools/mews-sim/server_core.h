// Internal to the mews-sim server library: the shared state every HTTP handler uses, and the
// handler registration functions. Includes httplib; never included outside tools/mews-sim.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tools/mews-sim/data_store.h"
#include "tools/mews-sim/export_store.h"
#include "tools/mews-sim/faults.h"
#include "tools/mews-sim/request_log.h"
#include "tools/mews-sim/sim_server.h"

namespace mews::sim::internal {

struct ServerCore {
  ServerCore(const ServerOptions& o, const std::string& dir)
      : options(o), data(o.generator, o.counts), exports(&data, o.timing, dir), work_dir(dir) {}
  ServerOptions options;
  DataStore data;
  ExportStore exports;
  FaultList faults;
  RequestLog log;
  std::string work_dir;
  uint64_t secret = 0;  // URL signing key, random per server
  std::atomic<uint64_t> request_counter{0};
  std::atomic<int> in_flight{0};  // requests routed but not yet logged
};

// What the request log records about the request being answered; one per server thread, reset
// when a request is routed (httplib answers a request on a single thread).
struct RequestNote {
  int64_t start_micros = 0;
  uint64_t seq = 0;
  std::string request_id;
  std::string entity_type;
  std::string filters_json;  // exports/add: the Filters as the Export echoes them
  std::vector<std::string> export_ids;
  std::string fault;
  uint64_t streamed_bytes = 0;  // body bytes written by a content provider
  bool streamed = false;
};
RequestNote& CurrentNote();

// A JSON error response {"Message", "RequestId"} with `status`.
void SendError(httplib::Response& res, int status, const std::string& message);
void SendJson(httplib::Response& res, const std::string& json);

// The fault rule (if any) for one request of `op`, taken from the list (its delay already
// waited): `rule` applies to the response; `replace` when it answers instead of the handler
// (a status fault without after_processing).
struct FaultDecision {
  std::optional<FaultRule> rule;
  bool replace = false;
};
FaultDecision TakeFault(ServerCore& core, std::string_view op);
// Answers with the rule's status, a JSON error body and its Retry-After header.
void ApplyStatusFault(const FaultRule& rule, httplib::Response& res);

// The server for `o`: httplib::SSLServer when o.tls_cert_file is set (InvalidArgument when the
// certificate or key cannot be loaded), else a plain httplib::Server.
Result<std::unique_ptr<httplib::Server>> NewHttpServer(const ServerOptions& o);
// "http[s]://<host>" for signed file URLs: the request's Host header, or o.files_host with its port.
std::string FileUrlBase(const ServerOptions& o, const std::string& host_header);

// "http[s]://<host>/files/<name>?expires=<unix>&sig=<hex>", valid for url_ttl_seconds.
std::string SignedUrl(const ServerCore& core, const std::string& host, const std::string& name);
bool SignatureValid(const ServerCore& core, const std::string& name, const std::string& expires,
                    const std::string& sig);

void RegisterApiHandlers(httplib::Server& server, ServerCore& core);
void RegisterFileHandler(httplib::Server& server, ServerCore& core);
void RegisterControlHandlers(httplib::Server& server, ServerCore& core);

}  // namespace mews::sim::internal
