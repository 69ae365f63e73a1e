// The /_sim control API for tests (loopback clients only): faults, held exports, data mutations,
// forced expiry and the request log.
#include <simdjson.h>

#include <chrono>
#include <thread>

#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/server_core.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

using simdjson::dom::element;

bool IsLoopback(const std::string& addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr == "::ffff:127.0.0.1";
}

bool ParseBody(const httplib::Request& req, simdjson::dom::parser& parser, element* doc,
               httplib::Response& res) {
  simdjson::padded_string padded(req.body);
  if (parser.parse(padded).get(*doc) || !doc->is_object()) {
    SendError(res, 400, req.path + ": the body must be a JSON object");
    return false;
  }
  return true;
}

bool EntityField(element doc, Entity* e, const httplib::Request& req, httplib::Response& res) {
  std::string_view name;
  std::optional<Entity> parsed;
  if (doc["entity"].get(name) || !(parsed = ParseEntity(name))) {
    SendError(res, 400, req.path + ": field 'entity' must be an EntityType");
    return false;
  }
  *e = *parsed;
  return true;
}

bool IndexList(element doc, const char* key, std::vector<uint64_t>* out) {
  element list;
  if (doc[key].get(list)) return true;  // absent
  simdjson::dom::array items;
  if (list.get(items)) return false;
  for (element item : items) {
    uint64_t v = 0;
    if (item.get(v)) return false;
    out->push_back(v);
  }
  return true;
}

// The property a control call acts on: the one of its optional "token" field (an access token
// given with --property), else the first.
Property* TargetProperty(ServerCore& core, element doc, const httplib::Request& req,
                         httplib::Response& res) {
  std::string_view token;
  if (doc["token"].get(token)) return &core.primary();
  Property* p = core.Find(token);
  if (p == nullptr) SendError(res, 400, req.path + ": field 'token' is not an access token of this simulator");
  return p;
}

// Parses update/delete/restore, updated_utc and count into `m`; answers 400 and returns false
// when one is malformed.
bool ParseMutation(element doc, Mutation* m, httplib::Response& res) {
  if (!IndexList(doc, "update", &m->update) || !IndexList(doc, "delete", &m->remove) ||
      !IndexList(doc, "restore", &m->restore)) {
    SendError(res, 400, "/_sim/mutate: update, delete and restore are arrays of indexes");
    return false;
  }
  m->updated_micros = NowMicros() - 3600 * kMicrosPerSecond;
  std::string_view updated;
  if (!doc["updated_utc"].get(updated)) {
    std::optional<int64_t> t = ParseUtc(updated);
    if (!t) {
      SendError(res, 400, "/_sim/mutate: updated_utc is not a UTC date-time");
      return false;
    }
    m->updated_micros = *t;
  }
  uint64_t count = 0;
  if (!doc["count"].get(count)) m->count = count;
  return true;
}

// "entity": an EntityType (the facts) or a reference type (Service, Rate, ...).
void HandleMutate(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  simdjson::dom::parser parser;
  element doc;
  std::string_view name;
  if (!ParseBody(req, parser, &doc, res)) return;
  std::optional<Entity> entity = doc["entity"].get(name) ? std::nullopt : ParseEntity(name);
  std::optional<RefType> ref = entity || doc["entity"].get(name) ? std::nullopt : ParseRefType(name);
  if (!entity && !ref) {
    return SendError(res, 400, req.path + ": field 'entity' must be an EntityType or a reference "
                                          "type (Service, AccountingCategory, Rate, ...)");
  }
  Mutation m;
  if (!ParseMutation(doc, &m, res)) return;
  Property* p = TargetProperty(core, doc, req, res);
  if (p == nullptr) return;
  Status s = entity ? p->data.Apply(*entity, m) : p->data.ApplyRef(*ref, m);
  if (!s.ok()) return SendError(res, 400, "/_sim/mutate: " + s.message());
  SendJson(res, "{\"ok\":true,\"updated_utc\":\"" + FormatUtc(m.updated_micros, 6) + "\"}");
}

void HandlePending(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  simdjson::dom::parser parser;
  element doc;
  Entity entity;
  if (!ParseBody(req, parser, &doc, res) || !EntityField(doc, &entity, req, res)) return;
  CurrentNote().entity_type = EntityName(entity);
  Property* p = TargetProperty(core, doc, req, res);
  if (p == nullptr) return;
  Result<ExportView> created = p->exports.Create(
      entity, DefaultScopeJson(entity, p->data.generator().seed), "null", ExportFilter{}, true);
  if (!created.ok()) return SendError(res, 400, created.status().message());
  CurrentNote().export_ids.push_back(created->id);
  SendJson(res, "{\"Id\":\"" + created->id + "\"}");
}

enum class ExportAction { kFinish, kExpire, kFail };

// /_sim/finish, /_sim/expire and /_sim/fail: {"id": ...}.
void HandleExportAction(ServerCore& core, const httplib::Request& req, httplib::Response& res,
                        ExportAction action) {
  simdjson::dom::parser parser;
  element doc;
  std::string_view id;
  if (!ParseBody(req, parser, &doc, res)) return;
  if (doc["id"].get(id)) return SendError(res, 400, req.path + ": field 'id' is required");
  CurrentNote().export_ids.push_back(std::string(id));
  Property* p = core.OwnerOf(std::string(id));
  if (p == nullptr) return SendError(res, 404, "no export " + std::string(id));
  Status s = action == ExportAction::kFinish   ? p->exports.Finish(std::string(id))
             : action == ExportAction::kExpire ? p->exports.Expire(std::string(id))
                                               : p->exports.Fail(std::string(id));
  if (!s.ok()) return SendError(res, s.code() == StatusCode::kNotFound ? 404 : 400, s.message());
  SendJson(res, "{\"ok\":true}");
}

void HandleFaults(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  Result<std::vector<FaultRule>> rules = ParseFaultRules(req.body);
  if (!rules.ok()) return SendError(res, 400, "/_sim/faults: " + rules.status().message());
  size_t n = rules->size();
  core.faults.Replace(std::move(rules.value()));
  SendJson(res, "{\"rules\":" + std::to_string(n) + "}");
}

using ControlFn = void (*)(ServerCore&, const httplib::Request&, httplib::Response&);

void Route(httplib::Server& server, ServerCore& core, const char* path, ControlFn fn) {
  server.Post(path, [&core, fn](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return SendError(res, 403, "/_sim is for loopback clients only");
    fn(core, req, res);
  });
}

}  // namespace

void RegisterControlHandlers(httplib::Server& server, ServerCore& core) {
  Route(server, core, "/_sim/faults", HandleFaults);
  Route(server, core, "/_sim/mutate", HandleMutate);
  Route(server, core, "/_sim/pending", HandlePending);
  Route(server, core, "/_sim/finish", [](ServerCore& c, const httplib::Request& q, httplib::Response& r) {
    HandleExportAction(c, q, r, ExportAction::kFinish);
  });
  Route(server, core, "/_sim/expire", [](ServerCore& c, const httplib::Request& q, httplib::Response& r) {
    HandleExportAction(c, q, r, ExportAction::kExpire);
  });
  Route(server, core, "/_sim/fail", [](ServerCore& c, const httplib::Request& q, httplib::Response& r) {
    HandleExportAction(c, q, r, ExportAction::kFail);
  });
  server.Get("/_sim/requests", [&core](const httplib::Request& req, httplib::Response& res) {
    if (!IsLoopback(req.remote_addr)) return SendError(res, 403, "/_sim is for loopback clients only");
    // A response can reach its client before its log line is written: wait (up to 2 s) until
    // every other request is logged, so the log covers all responses already received.
    for (int i = 0; i < 2000 && core.in_flight.load() > 1; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    res.set_content(core.log.Dump(), "application/x-ndjson");
  });
}

}  // namespace mews::sim::internal
