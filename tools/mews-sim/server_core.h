// Internal to the mews-sim server library: the shared state every HTTP handler uses, and the
// handler registration functions. Includes httplib; never included outside tools/mews-sim.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <optional>
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

// One access token's data set, exports and rate-limit window.
struct Property {
  Property(const ServerOptions& o, const GeneratorOptions& g, std::string token, const std::string& dir)
      : access_token(std::move(token)), data(g, o.counts), exports(&data, o.timing, dir),
        window(o.rate_limit) {}
  std::string access_token;
  DataStore data;
  ExportStore exports;
  RateWindow window;
};

struct ServerCore {
  ServerCore(const ServerOptions& o, const std::string& dir) : options(o), work_dir(dir) {
    std::vector<PropertyOptions> list = o.properties;
    if (list.empty()) list.push_back({o.access_token, o.generator.seed});
    for (const PropertyOptions& p : list) {
      GeneratorOptions g = o.generator;
      g.seed = p.seed;
      properties.push_back(std::make_unique<Property>(o, g, p.access_token, dir));
    }
  }
  ServerOptions options;
  std::vector<std::unique_ptr<Property>> properties;  // in --property order; never empty
  FaultList faults;
  RequestLog log;
  std::string work_dir;
  uint64_t secret = 0;  // URL signing key, random per server
  std::atomic<uint64_t> request_counter{0};
  std::atomic<int> in_flight{0};  // requests routed but not yet logged

  Property& primary() { return *properties.front(); }
  // The property of `access_token`, or nullptr.
  Property* Find(std::string_view access_token);
  // The export `id` of any property.
  std::optional<ExportView> FindExport(const std::string& id);
  // The property whose export `id` is, or nullptr.
  Property* OwnerOf(const std::string& id);
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
  std::string limitation_json;  // paged */getAll: the Limitation as sent
  int property = -1;            // index of the access token's property (with --property)
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
FaultDecision TakeFault(ServerCore& core, std::string_view op, int64_t file = 0);
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

// Runs `handler` under the fault rules of `op`.
template <typename Handler>
void WithFaults(ServerCore& core, std::string_view op, const httplib::Request& req,
                httplib::Response& res, Handler handler) {
  FaultDecision fault = TakeFault(core, op);
  if (fault.replace) return ApplyStatusFault(*fault.rule, res);
  handler(core, req, res);
  if (fault.rule && fault.rule->status != 0) ApplyStatusFault(*fault.rule, res);
}

// The property whose AccessToken the body of an API call carries, its rate-limit window taken.
// Answers and returns nullptr for invalid JSON (400), an unknown token (401) and a full window
// (429 with Retry-After).
Property* AdmitCall(ServerCore& core, const httplib::Request& req, httplib::Response& res);

void RegisterApiHandlers(httplib::Server& server, ServerCore& core);
void RegisterReferenceHandlers(httplib::Server& server, ServerCore& core);
void RegisterFileHandler(httplib::Server& server, ServerCore& core);
void RegisterControlHandlers(httplib::Server& server, ServerCore& core);

}  // namespace mews::sim::internal
