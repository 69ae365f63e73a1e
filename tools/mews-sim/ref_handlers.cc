// The reference API: POST /api/connector/v1/<op> for every */getAll of RefOps() (paged by
// Limitation) and taxations/getAll.
#include "tools/mews-sim/ref_request.h"
#include "tools/mews-sim/server_core.h"

namespace mews::sim::internal {
namespace {

// The index of the item whose id is `cursor`, among all items (deleted ones too).
std::optional<uint64_t> CursorIndex(RefType type, const EntityState& state, const std::string& cursor,
                                    uint64_t seed) {
  for (uint64_t i = 0; i < state.count; ++i) {
    if (RefItemId(type, i, seed) == cursor) return i;
  }
  return std::nullopt;
}

// Up to q.count selected items of `state` from index `start` on, in index order, as a JSON
// array's elements.
std::string Page(const RefOpSpec& spec, const RefQuery& q, const EntityState* state,
                 const GeneratorOptions& gen, uint64_t start, std::string* last_id) {
  static const RecordEdit kNoEdit;
  std::string items;
  uint64_t n = 0;
  for (uint64_t i = start; q.items && i < state->count && n < q.count; ++i) {
    if (state->deleted.count(i) != 0) continue;
    auto edit = state->edits.find(i);
    const RecordEdit& e = edit == state->edits.end() ? kNoEdit : edit->second;
    if (!RefSelected(q, spec.type, i, DescribeRef(spec.type, i, gen, e), gen.seed)) continue;
    if (n++ > 0) items.push_back(',');
    AppendRefRecord(spec.type, i, gen, e, &items);
    *last_id = RefItemId(spec.type, i, gen.seed);
  }
  return items;
}

void HandleRefGetAll(ServerCore& core, const RefOpSpec& spec, const httplib::Request& req,
                     httplib::Response& res, const std::optional<FaultRule>& fault) {
  RefQuery q;
  ApiError error;
  Property* p = AdmitCall(core, req, res);
  if (p == nullptr) return;
  ApiAuth auth{core.options.client_token, p->access_token};
  bool ok = ParseRefRequest(spec, req.body, auth, &q, &error);
  CurrentNote().limitation_json = q.limitation_json;
  if (!ok) return SendError(res, error.http_status, error.message);
  if (fault && (fault->ignore_cursor || fault->overfill > 0)) {
    CurrentNote().fault = fault->ignore_cursor ? "ignore cursor" : "overfill " + std::to_string(fault->overfill);
    if (fault->ignore_cursor) q.cursor.reset();
    q.count += static_cast<uint64_t>(fault->overfill);
  }
  std::shared_ptr<const EntityState> state = p->data.RefSnapshot(spec.type);
  const GeneratorOptions& gen = p->data.generator();
  std::optional<uint64_t> cursor = q.cursor ? CursorIndex(spec.type, *state, *q.cursor, gen.seed) : std::nullopt;
  if (q.cursor && !cursor) return SendError(res, 400, "Invalid Limitation.Cursor: no such item.");
  std::string last_id;
  std::string body = "{\"" + std::string(spec.collection) + "\":[" +
                     Page(spec, q, state.get(), gen, cursor ? *cursor + 1 : 0, &last_id) + "]";
  if (spec.type == RefType::kProduct) body += ",\"CustomerProducts\":[]";
  body += last_id.empty() ? ",\"Cursor\":null}" : ",\"Cursor\":\"" + last_id + "\"}";
  SendJson(res, body);
}

void HandleTaxations(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  Property* p = AdmitCall(core, req, res);
  if (p == nullptr) return;
  ApiError error;
  ApiAuth auth{core.options.client_token, p->access_token};
  if (!ParseTaxationsRequest(req.body, auth, &error)) return SendError(res, error.http_status, error.message);
  SendJson(res, TaxationsJson());
}

}  // namespace

void RegisterReferenceHandlers(httplib::Server& server, ServerCore& core) {
  for (const RefOpSpec& spec : RefOps()) {
    const RefOpSpec* s = &spec;
    server.Post("/api/connector/v1/" + std::string(spec.op),
                [&core, s](const httplib::Request& req, httplib::Response& res) {
                  FaultDecision fault = TakeFault(core, s->op);
                  if (fault.replace) return ApplyStatusFault(*fault.rule, res);
                  HandleRefGetAll(core, *s, req, res, fault.rule);
                  if (fault.rule && fault.rule->status != 0) ApplyStatusFault(*fault.rule, res);
                });
  }
  server.Post("/api/connector/v1/taxations/getAll",
              [&core](const httplib::Request& req, httplib::Response& res) {
                WithFaults(core, "taxations/getAll", req, res, HandleTaxations);
              });
}

}  // namespace mews::sim::internal
