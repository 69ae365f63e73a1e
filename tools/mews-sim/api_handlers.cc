// The export API: POST /api/connector/v1/exports/add and /exports/getAll.
#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/server_core.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

std::string HostOf(const ServerCore& core, const httplib::Request& req) {
  std::string host = req.get_header_value("Host");
  return host.empty() ? core.options.host : host;
}

void HandleAdd(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  Property* p = AdmitCall(core, req, res);
  if (p == nullptr) return;
  AddRequest add;
  ApiError error;
  ApiAuth auth{core.options.client_token, p->access_token};
  if (!ParseAddRequest(req.body, auth, NowMicros(), p->data.generator().seed, &add, &error)) {
    return SendError(res, error.http_status, error.message);
  }
  CurrentNote().entity_type = EntityName(add.entity);
  CurrentNote().filters_json = add.filters_json;
  Result<ExportView> created = p->exports.Create(add.entity, add.scope_json, add.filters_json,
                                                   add.filter, /*held=*/false);
  if (!created.ok()) return SendError(res, 400, created.status().message());
  CurrentNote().export_ids.push_back(created->id);
  std::string host = HostOf(core, req);
  auto url = [&](const ExportFile& f) { return SignedUrl(core, host, f.name); };
  SendJson(res, "{\"Export\":" + RenderExport(*created, url) + "}");
}

void HandleGetAll(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  Property* p = AdmitCall(core, req, res);
  if (p == nullptr) return;
  std::vector<std::string> ids;
  ApiError error;
  ApiAuth auth{core.options.client_token, p->access_token};
  if (!ParseGetAllRequest(req.body, auth, &ids, &error)) {
    return SendError(res, error.http_status, error.message);
  }
  CurrentNote().export_ids = ids;
  std::string host = HostOf(core, req);
  auto url = [&](const ExportFile& f) { return SignedUrl(core, host, f.name); };
  std::string body = "{\"Exports\":[";
  bool first = true;
  for (const std::string& id : ids) {
    std::optional<ExportView> view = p->exports.Get(id);
    if (!view) continue;  // unknown ids (and other tokens' exports) are left out
    if (!first) body += ",";
    first = false;
    body += RenderExport(*view, url);
  }
  body += "]}";
  SendJson(res, body);
}

}  // namespace

void RegisterApiHandlers(httplib::Server& server, ServerCore& core) {
  server.Post("/api/connector/v1/exports/add",
              [&core](const httplib::Request& req, httplib::Response& res) {
                WithFaults(core, "add", req, res, HandleAdd);
              });
  server.Post("/api/connector/v1/exports/getAll",
              [&core](const httplib::Request& req, httplib::Response& res) {
                WithFaults(core, "getAll", req, res, HandleGetAll);
              });
}

}  // namespace mews::sim::internal
