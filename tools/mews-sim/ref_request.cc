#include "tools/mews-sim/ref_request.h"

#include <algorithm>

#include "tools/mews-sim/api_envelope.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {
namespace {

using internal::Fail;
using internal::Lower;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr RefFacet kId = RefFacet::kId, kEnt = RefFacet::kEnterprise, kSvc = RefFacet::kService;

// `start` plus three calendar months (the day clamped to the month's end).
int64_t PlusThreeMonths(int64_t start) {
  int64_t day = start / kMicrosPerDay - (start % kMicrosPerDay < 0 ? 1 : 0), y = 0;
  int m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  m += 3;
  if (m > 12) { m -= 12; ++y; }
  return DaysFromCivil(y, m, std::min(d, DaysInMonth(y, m))) * kMicrosPerDay + (start - day * kMicrosPerDay);
}

bool ParseLimitation(object root, RefQuery* out, ApiError* error) {
  element limitation;
  if (root["Limitation"].get(limitation) || limitation.is_null()) {
    return Fail(error, 400, "Invalid Limitation: Limitation with Count is required.");
  }
  out->limitation_json = simdjson::to_string(limitation);
  object fields;
  if (limitation.get(fields)) return Fail(error, 400, "Invalid Limitation: not an object.");
  for (auto field : fields) {
    if (field.key != "Count" && field.key != "Cursor") {
      return Fail(error, 400, "Invalid parameter 'Limitation." + std::string(field.key) + "'.");
    }
  }
  int64_t count = 0;
  if (fields["Count"].get(count) || count < 1 || count > 1000) {
    return Fail(error, 400, "Invalid Limitation.Count: a number from 1 to 1000 is required.");
  }
  out->count = static_cast<uint64_t>(count);
  element cursor;
  if (!fields["Cursor"].get(cursor) && !cursor.is_null()) {
    std::string_view text;
    if (cursor.get(text) || !IsUuid(text)) return Fail(error, 400, "Invalid Limitation.Cursor.");
    out->cursor = Lower(text);
  }
  return true;
}

// An id list: absent/null is "no filter" (an error when required), else up to 1000 uuids.
bool ParseIdFilter(object root, const RefIdFilter& f, RefQuery* out, ApiError* error) {
  element list;
  std::string key(f.key);
  if (root[f.key].get(list) || list.is_null()) {
    return !f.required || Fail(error, 400, "Invalid " + key + ": " + key + " is required.");
  }
  simdjson::dom::array items;
  if (list.get(items) || items.size() > 1000) {
    return Fail(error, 400, "Invalid " + key + ": up to 1000 ids are allowed.");
  }
  std::set<std::string> ids;
  for (element item : items) {
    std::string_view id;
    if (item.get(id) || !IsUuid(id)) return Fail(error, 400, "Invalid " + key + ": not a uuid.");
    ids.insert(Lower(id));
  }
  out->ids.emplace_back(f.facet, std::move(ids));
  return true;
}

bool ParseUpdated(object root, RefQuery* out, ApiError* error) {
  element updated;
  if (root["UpdatedUtc"].get(updated) || updated.is_null()) return true;
  std::string_view start_text, end_text;
  if (updated["StartUtc"].get(start_text) || updated["EndUtc"].get(end_text)) {
    return Fail(error, 400, "Invalid UpdatedUtc: StartUtc and EndUtc are required.");
  }
  std::optional<int64_t> start = ParseUtc(start_text), end = ParseUtc(end_text);
  if (!start || !end || *start > *end) {
    return Fail(error, 400, "Invalid UpdatedUtc: UTC date-times with StartUtc <= EndUtc are required.");
  }
  if (*end > PlusThreeMonths(*start)) {
    return Fail(error, 400, "Invalid UpdatedUtc: the interval must not exceed 3 months.");
  }
  out->updated_start = start;
  out->updated_end = end;
  return true;
}

bool ParseActivityStates(object root, RefQuery* out, ApiError* error) {
  element list;
  if (root["ActivityStates"].get(list) || list.is_null()) return true;
  simdjson::dom::array items;
  if (list.get(items)) return Fail(error, 400, "Invalid ActivityStates.");
  if (items.size() == 0) return true;
  out->active = out->inactive = false;
  for (element item : items) {
    std::string_view state;
    if (item.get(state) || (state != "Active" && state != "Deleted")) {
      return Fail(error, 400, "Invalid ActivityStates: each is Active or Deleted.");
    }
    (state == "Active" ? out->active : out->inactive) = true;
  }
  return true;
}

// Extent: resources {Resources, Inactive} (required), rates {Rates, AvailabilityBlockAssignments}.
bool ParseExtent(const RefOpSpec& spec, object root, RefQuery* out, ApiError* error) {
  element extent;
  bool resources = spec.type == RefType::kResource;
  if (root["Extent"].get(extent) || extent.is_null()) {
    return !resources || Fail(error, 400, "Invalid Extent: Extent is required.");
  }
  object fields;
  if (extent.get(fields)) return Fail(error, 400, "Invalid Extent.");
  std::string_view items_key = resources ? "Resources" : "Rates";
  for (auto field : fields) {
    bool known = field.key == items_key || (resources ? field.key == "Inactive"
                                                      : field.key == "AvailabilityBlockAssignments");
    bool value = false;
    if (!known || field.value.get(value)) {
      return Fail(error, 400, "Invalid parameter 'Extent." + std::string(field.key) + "'.");
    }
  }
  bool flag = false;
  out->items = !fields[items_key].get(flag) ? flag : !resources;
  if (resources) out->inactive = !fields["Inactive"].get(flag) && flag;
  return true;
}

RefOpSpec Op(std::string_view op, RefType type, std::string_view collection,
             std::vector<RefIdFilter> filters, bool activity_states,
             std::vector<std::string_view> other_keys = {}, bool extent = false,
             std::string_view one_of_required = "") {
  RefOpSpec spec;
  spec.op = op;
  spec.type = type;
  spec.collection = collection;
  spec.id_filters = std::move(filters);
  spec.activity_states = activity_states;
  spec.other_keys = std::move(other_keys);
  spec.extent = extent;
  spec.one_of_required = one_of_required;
  return spec;
}

}  // namespace

const std::vector<RefOpSpec>& RefOps() {
  static const std::vector<RefOpSpec> ops = {
      Op("enterprises/getAll", RefType::kEnterprise, "Enterprises", {{"EnterpriseIds", kId}}, false),
      Op("services/getAll", RefType::kService, "Services",
         {{"EnterpriseIds", kEnt}, {"ServiceIds", kId}}, false),
      Op("accountingCategories/getAll", RefType::kAccountingCategory, "AccountingCategories",
         {{"EnterpriseIds", kEnt}, {"AccountingCategoryIds", kId}}, true),
      Op("resourceCategories/getAll", RefType::kResourceCategory, "ResourceCategories",
         {{"EnterpriseIds", kEnt}, {"ResourceCategoryIds", kId}, {"ServiceIds", kSvc, true}}, true),
      Op("resourceCategoryAssignments/getAll", RefType::kResourceCategoryAssignment,
         "ResourceCategoryAssignments",
         {{"EnterpriseIds", kEnt}, {"ResourceCategoryAssignmentIds", kId},
          {"ResourceCategoryIds", RefFacet::kCategory, true}, {"ResourceIds", RefFacet::kResource}},
         true),
      Op("resources/getAll", RefType::kResource, "Resources",
         {{"EnterpriseIds", kEnt}, {"ResourceIds", kId}}, false, {}, true),
      Op("rates/getAll", RefType::kRate, "Rates",
         {{"EnterpriseIds", kEnt}, {"RateIds", kId}, {"ServiceIds", kSvc, true}}, true, {}, true),
      Op("rateGroups/getAll", RefType::kRateGroup, "RateGroups",
         {{"EnterpriseIds", kEnt}, {"RateGroupIds", kId}, {"ServiceIds", kSvc}}, true, {}, false,
         "ServiceIds or RateGroupIds"),
      Op("businessSegments/getAll", RefType::kBusinessSegment, "BusinessSegments",
         {{"EnterpriseIds", kEnt}, {"Ids", kId}, {"ServiceIds", kSvc}}, true),
      Op("sources/getAll", RefType::kSource, "Sources", {{"SourceIds", kId}}, false),
      Op("ageCategories/getAll", RefType::kAgeCategory, "AgeCategories",
         {{"EnterpriseIds", kEnt}, {"AgeCategoryIds", kId}, {"ServiceIds", kSvc}}, true),
      Op("products/getAll", RefType::kProduct, "Products",
         {{"EnterpriseIds", kEnt}, {"ProductIds", kId}, {"ServiceIds", kSvc, true}}, false,
         {"IncludeDefault"}),
  };
  return ops;
}

const RefOpSpec* FindRefOp(std::string_view op) {
  for (const RefOpSpec& spec : RefOps()) {
    if (spec.op == op) return &spec;
  }
  return nullptr;
}

bool ParseRefRequest(const RefOpSpec& spec, std::string_view body, const ApiAuth& auth,
                     RefQuery* out, ApiError* error) {
  std::set<std::string_view> allowed = {"ClientToken", "AccessToken", "Client", "LanguageCode",
                                        "CultureCode", "Limitation", "UpdatedUtc"};
  for (const RefIdFilter& f : spec.id_filters) allowed.insert(f.key);
  for (std::string_view key : spec.other_keys) allowed.insert(key);
  if (spec.activity_states) allowed.insert("ActivityStates");
  if (spec.extent) allowed.insert("Extent");
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  object root;
  if (!internal::ParseEnvelope(parser, padded, auth, allowed, &root, error)) {
    element limitation;  // log the Limitation of a refused request too, when there is one
    if (error->http_status == 400 && root["Limitation"].get(limitation) == simdjson::SUCCESS) {
      out->limitation_json = simdjson::to_string(limitation);
    }
    return false;
  }
  if (!ParseLimitation(root, out, error)) return false;
  for (const RefIdFilter& f : spec.id_filters) {
    if (!ParseIdFilter(root, f, out, error)) return false;
  }
  bool any = std::any_of(out->ids.begin(), out->ids.end(),
                         [](const auto& f) { return f.first != RefFacet::kEnterprise; });
  if (!spec.one_of_required.empty() && !any) {
    return Fail(error, 400, "Invalid request: " + std::string(spec.one_of_required) + " is required.");
  }
  return ParseUpdated(root, out, error) &&
         (!spec.activity_states || ParseActivityStates(root, out, error)) &&
         (!spec.extent || ParseExtent(spec, root, out, error));
}

bool ParseTaxationsRequest(std::string_view body, const ApiAuth& auth, ApiError* error) {
  static const std::set<std::string_view> kAllowed = {"ClientToken", "AccessToken", "Client",
                                                      "LanguageCode", "CultureCode"};
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  object root;
  return internal::ParseEnvelope(parser, padded, auth, kAllowed, &root, error);
}

bool RefSelected(const RefQuery& q, RefType type, uint64_t index, const RefItem& item, uint64_t seed) {
  if (!(item.active ? q.active : q.inactive)) return false;
  if (q.updated_start && q.updated_end) {
    int64_t t = item.updated_micros;
    bool equal = *q.updated_start == *q.updated_end;
    if (equal ? t != *q.updated_start : (t < *q.updated_start || t >= *q.updated_end)) return false;
  }
  for (const auto& [facet, ids] : q.ids) {
    int64_t linked = facet == RefFacet::kId ? static_cast<int64_t>(index)
                     : facet == RefFacet::kEnterprise ? item.enterprise
                     : facet == RefFacet::kService    ? item.service
                     : facet == RefFacet::kCategory   ? item.category
                                                      : item.resource;
    RefType linked_type = facet == RefFacet::kId ? type
                          : facet == RefFacet::kEnterprise ? RefType::kEnterprise
                          : facet == RefFacet::kService    ? RefType::kService
                          : facet == RefFacet::kCategory   ? RefType::kResourceCategory
                                                           : RefType::kResource;
    if (linked < 0 || ids.count(RefItemId(linked_type, static_cast<uint64_t>(linked), seed)) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace mews::sim
