// Parsing and validation of the export API's request bodies, and rendering of Export objects,
// as the Mews Connector API documents them (docs/mews-api.md). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/mews-sim/data_store.h"
#include "tools/mews-sim/export_store.h"

namespace mews::sim {

struct ApiError {
  int http_status = 400;
  std::string message;
};

struct ApiAuth {
  std::string client_token;
  std::string access_token;
};

struct AddRequest {
  Entity entity = Entity::kOrderItem;
  std::string scope_json;    // effective Scope, as the Export echoes it
  std::string filters_json;  // Filters echo, or "null"
  ExportFilter filter;
};

// exports/add. Checks, in order: JSON, tokens (401), Client and unknown fields, EntityType,
// Scope, Filters (UpdatedUtc end >= 5 minutes before `now_micros`, span <= 180 days), and
// LedgerEntryFilters.Posting (required for LedgerEntry, refused for other types).
bool ParseAddRequest(std::string_view body, const ApiAuth& auth, int64_t now_micros,
                     uint64_t seed, AddRequest* out, ApiError* error);

// exports/getAll: 1..1000 ExportIds, each a uuid; returned lower-case.
bool ParseGetAllRequest(std::string_view body, const ApiAuth& auth, std::vector<std::string>* ids,
                        ApiError* error);

// The Export object. `url` gives each file's signed URL.
std::string RenderExport(const ExportView& view,
                         const std::function<std::string(const ExportFile&)>& url);

// The Scope an export without a Scope gets: every enterprise (chain, for Customer and Company).
std::string DefaultScopeJson(Entity entity, uint64_t seed);

// {"Message": ..., "RequestId": ...}
std::string RenderError(const std::string& message, const std::string& request_id);

// True for a 36-character hyphenated hex uuid (either case).
bool IsUuid(std::string_view s);

}  // namespace mews::sim
