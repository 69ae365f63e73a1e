#include "tools/mews-sim/api_request.h"

#include <simdjson.h>

#include <cctype>
#include <set>

#include "tools/mews-sim/api_envelope.h"
#include "tools/mews-sim/json_out.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

namespace internal {

bool Fail(ApiError* error, int status, std::string message) {
  error->http_status = status;
  error->message = std::move(message);
  return false;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ParseEnvelope(simdjson::dom::parser& parser, simdjson::padded_string& padded,
                   const ApiAuth& auth, const std::set<std::string_view>& allowed,
                   simdjson::dom::object* root, ApiError* error) {
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc) || doc.get(*root)) return Fail(error, 400, "Invalid JSON.");
  std::string_view client_token, access_token, client;
  if ((*root)["ClientToken"].get(client_token) || (*root)["AccessToken"].get(access_token) ||
      client_token != auth.client_token || access_token != auth.access_token) {
    return Fail(error, 401, "Invalid ClientToken or AccessToken.");
  }
  if ((*root)["Client"].get(client) || client.empty()) return Fail(error, 400, "Invalid Client.");
  for (auto field : *root) {
    if (allowed.count(field.key) == 0) {
      return Fail(error, 400, "Invalid parameter '" + std::string(field.key) + "'.");
    }
  }
  return true;
}

}  // namespace internal

namespace {

using internal::Fail;
using internal::Lower;
using internal::ParseEnvelope;

using simdjson::dom::element;
using simdjson::dom::object;

constexpr int64_t kMaxWindowMicros = 180 * kMicrosPerDay;
constexpr int64_t kMinAgeMicros = 5 * 60 * kMicrosPerSecond;

// Scope: null/absent or {EnterpriseIds, ChainIds}, each null or 1..1000 uuids.
bool ParseScope(object root, Entity entity, uint64_t seed, AddRequest* out, ApiError* error) {
  element scope;
  std::string lists[2] = {"null", "null"};
  static constexpr std::string_view kKeys[] = {"EnterpriseIds", "ChainIds"};
  bool given = !root["Scope"].get(scope) && !scope.is_null();
  size_t own = UsesChainScope(entity) ? 1 : 0;
  if (!given) {
    out->scope_json = DefaultScopeJson(entity, seed);
    return true;
  }
  for (size_t k = 0; k < 2; ++k) {
    element list;
    if (scope[kKeys[k]].get(list) || list.is_null()) continue;
    simdjson::dom::array ids;
    if (list.get(ids) || ids.size() < 1 || ids.size() > 1000) {
      return Fail(error, 400, "Invalid Scope." + std::string(kKeys[k]) + ": 1 to 1000 ids.");
    }
    std::string text;
    JsonOut w(&text);
    w.BeginArray();
    if (k == own) out->filter.scopes.assign(kScopeCount, false);
    for (element item : ids) {
      std::string_view id;
      if (item.get(id) || !IsUuid(id)) return Fail(error, 400, "Invalid Scope." + std::string(kKeys[k]) + ".");
      w.Plain(Lower(id));
      for (uint32_t i = 0; k == own && i < kScopeCount; ++i) {
        if (ScopeId(entity, i, seed) == Lower(id)) out->filter.scopes[i] = true;
      }
    }
    w.EndArray();
    lists[k] = text;
  }
  out->scope_json = "{\"EnterpriseIds\":" + lists[0] + ",\"ChainIds\":" + lists[1] + "}";
  return true;
}

bool ParseUpdatedUtc(element updated, int64_t now, AddRequest* out, ApiError* error) {
  std::string_view start_text, end_text;
  if (updated["StartUtc"].get(start_text) || updated["EndUtc"].get(end_text)) {
    return Fail(error, 400, "Invalid Filters.UpdatedUtc: StartUtc and EndUtc are required.");
  }
  std::optional<int64_t> start = ParseUtc(start_text), end = ParseUtc(end_text);
  if (!start || !end) return Fail(error, 400, "Invalid Filters.UpdatedUtc: not UTC date-times.");
  if (*start > *end) return Fail(error, 400, "Invalid Filters.UpdatedUtc: StartUtc is after EndUtc.");
  if (*end > now - kMinAgeMicros) {
    return Fail(error, 400, "Invalid Filters.UpdatedUtc: EndUtc must be at least 5 minutes in the past.");
  }
  if (*end - *start > kMaxWindowMicros) {
    return Fail(error, 400, "Invalid Filters.UpdatedUtc: the interval must not exceed 180 days.");
  }
  out->filter.updated_start = start;
  out->filter.updated_end = end;
  out->filters_json += "\"UpdatedUtc\":{\"StartUtc\":\"" + std::string(start_text) +
                       "\",\"EndUtc\":\"" + std::string(end_text) + "\"}";
  return true;
}

bool ParsePosting(element ledger, AddRequest* out, ApiError* error) {
  std::string_view start_text, end_text;
  if (ledger["Posting"]["Start"].get(start_text) || ledger["Posting"]["End"].get(end_text)) {
    return Fail(error, 400, "Invalid Filters.LedgerEntryFilters: Posting Start and End are required.");
  }
  std::optional<int64_t> first = ParseDate(start_text), last = ParseDate(end_text);
  if (!first || !last || *first > *last) {
    return Fail(error, 400, "Invalid Filters.LedgerEntryFilters.Posting: dates YYYY-MM-DD, Start <= End.");
  }
  out->filter.posting_first = first;
  out->filter.posting_last = last;
  out->filters_json += "\"LedgerEntryFilters\":{\"Posting\":{\"Start\":\"" +
                       std::string(start_text) + "\",\"End\":\"" + std::string(end_text) + "\"}}";
  return true;
}

bool ParseFilters(object root, int64_t now, AddRequest* out, ApiError* error) {
  element filters, updated, ledger;
  bool given = !root["Filters"].get(filters) && !filters.is_null();
  bool has_updated = given && !filters["UpdatedUtc"].get(updated) && !updated.is_null();
  bool has_ledger = given && !filters["LedgerEntryFilters"].get(ledger) && !ledger.is_null();
  bool is_ledger = out->entity == Entity::kLedgerEntry;
  if (is_ledger && !has_ledger) {
    return Fail(error, 400, "Filters.LedgerEntryFilters.Posting is required for LedgerEntry exports.");
  }
  if (!is_ledger && has_ledger) {
    return Fail(error, 400, "Filters.LedgerEntryFilters is valid only for LedgerEntry exports.");
  }
  if (!given) {
    out->filters_json = "null";
    return true;
  }
  out->filters_json = "{";
  if (has_updated && !ParseUpdatedUtc(updated, now, out, error)) return false;
  if (!has_updated) out->filters_json += "\"UpdatedUtc\":null";
  out->filters_json += ",";
  if (has_ledger && !ParsePosting(ledger, out, error)) return false;
  if (!has_ledger) out->filters_json += "\"LedgerEntryFilters\":null";
  out->filters_json += "}";
  return true;
}

}  // namespace

std::string DefaultScopeJson(Entity entity, uint64_t seed) {
  std::string all;
  JsonOut w(&all);
  w.BeginArray();
  for (uint32_t i = 0; i < kScopeCount; ++i) w.Plain(ScopeId(entity, i, seed));
  w.EndArray();
  return UsesChainScope(entity) ? "{\"EnterpriseIds\":null,\"ChainIds\":" + all + "}"
                                : "{\"EnterpriseIds\":" + all + ",\"ChainIds\":null}";
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool ParseAddRequest(std::string_view body, const ApiAuth& auth, int64_t now_micros,
                     uint64_t seed, AddRequest* out, ApiError* error) {
  static const std::set<std::string_view> kAllowed = {
      "ClientToken", "AccessToken", "Client", "LanguageCode", "CultureCode",
      "EntityType",  "Scope",       "Filters"};
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  object root;
  if (!ParseEnvelope(parser, padded, auth, kAllowed, &root, error)) return false;
  std::string_view entity_name;
  std::optional<Entity> entity;
  if (root["EntityType"].get(entity_name) || !(entity = ParseEntity(entity_name))) {
    return Fail(error, 400, "Invalid EntityType.");
  }
  out->entity = *entity;
  return ParseScope(root, *entity, seed, out, error) &&
         ParseFilters(root, now_micros, out, error);
}

bool ParseGetAllRequest(std::string_view body, const ApiAuth& auth, std::vector<std::string>* ids,
                        ApiError* error) {
  static const std::set<std::string_view> kAllowed = {
      "ClientToken", "AccessToken", "Client", "LanguageCode", "CultureCode", "ExportIds"};
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  object root;
  if (!ParseEnvelope(parser, padded, auth, kAllowed, &root, error)) return false;
  simdjson::dom::array list;
  if (root["ExportIds"].get(list) || list.size() < 1 || list.size() > 1000) {
    return Fail(error, 400, "Invalid ExportIds: 1 to 1000 export ids are required.");
  }
  for (element item : list) {
    std::string_view id;
    if (item.get(id) || !IsUuid(id)) return Fail(error, 400, "Invalid ExportIds.");
    ids->push_back(Lower(id));
  }
  return true;
}

std::string RenderExport(const ExportView& v,
                         const std::function<std::string(const ExportFile&)>& url) {
  std::string out;
  JsonOut w(&out);
  w.BeginObject();
  w.Key("Id").Plain(v.id);
  w.Key("Status").Plain(ExportStatusName(v.status));
  w.Key("EntityType").Plain(EntityName(v.entity));
  w.Key("Scope").Raw(v.scope_json);
  w.Key("Files").BeginArray();
  for (const ExportFile& f : v.files) {
    w.BeginObject();
    w.Key("Url").String(url(f));
    w.Key("SizeInBytes").Int(static_cast<int64_t>(f.size));
    w.EndObject();
  }
  w.EndArray();
  w.Key("ExpiresUtc");
  if (v.expires) w.Plain(FormatUtc(*v.expires, 3)); else w.Null();
  w.Key("Filters").Raw(v.filters_json);
  w.EndObject();
  return out;
}

std::string RenderError(const std::string& message, const std::string& request_id) {
  std::string out;
  JsonOut w(&out);
  w.BeginObject();
  w.Key("Message").String(message);
  w.Key("RequestId").String(request_id);
  w.EndObject();
  return out;
}

}  // namespace mews::sim
