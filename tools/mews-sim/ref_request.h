// The reference */getAll operations: which operations exist, their request parsing and
// validation (as connector-api/operations/<name>.md documents them), and which items a request
// selects. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/ref_data.h"

namespace mews::sim {

// What an id-list filter compares with.
enum class RefFacet { kId, kEnterprise, kService, kCategory, kResource };

struct RefIdFilter {
  std::string_view key;  // "ServiceIds"
  RefFacet facet;
  bool required = false;
};

struct RefOpSpec {
  std::string_view op;          // "services/getAll"
  RefType type;
  std::string_view collection;  // "Services"
  std::vector<RefIdFilter> id_filters;
  bool activity_states = false;   // takes ActivityStates
  bool extent = false;            // takes Extent (resources: required, with Resources)
  std::vector<std::string_view> other_keys;  // accepted without effect (documented as such)
  std::string_view one_of_required;          // rateGroups: "ServiceIds" or "RateGroupIds"
};

// The operations mews-sim serves (taxations/getAll is separate: no Limitation, no filters).
const std::vector<RefOpSpec>& RefOps();
const RefOpSpec* FindRefOp(std::string_view op);

struct RefQuery {
  uint64_t count = 0;
  std::optional<std::string> cursor;  // lower-case
  std::string limitation_json;        // the Limitation as sent (minified), for the request log
  std::vector<std::pair<RefFacet, std::set<std::string>>> ids;  // lower-case
  std::optional<int64_t> updated_start, updated_end;
  bool active = true, inactive = true;  // which IsActive values are selected
  bool items = true;                    // Extent asks for the items
};

// Parses and validates a request of `spec`: 400 for invalid JSON, unknown keys, a missing or
// invalid Limitation (Count 1..1000), a missing required filter, an id list over 1000 or not
// uuids, a bad UpdatedUtc (over 3 months) or ActivityStates; 401 for wrong tokens. Limitation is
// filled as soon as it was read, so a later error still logs it.
bool ParseRefRequest(const RefOpSpec& spec, std::string_view body, const ApiAuth& auth,
                     RefQuery* out, ApiError* error);

// taxations/getAll: the envelope only.
bool ParseTaxationsRequest(std::string_view body, const ApiAuth& auth, ApiError* error);

// True when item `index` (described by `item`) passes the query's filters.
bool RefSelected(const RefQuery& q, RefType type, uint64_t index, const RefItem& item, uint64_t seed);

}  // namespace mews::sim
