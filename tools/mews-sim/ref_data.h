// The reference set of one data set: enterprises, services, accounting categories, resource
// categories and their assignments, resources, rates, rate groups, business segments, sources,
// age categories and products, as the Connector API's */getAll operations return them
// (connector-api/operations/<name>.md), plus the taxations. Deterministic: an item depends only
// on (type, index, seed, anchor, the data set's RefCounts) and its edit. Mutually consistent:
// every id an item carries names an item of the same set and the same enterprise. The fact
// generator draws its ids from the same set (RefPick), so every fact -> reference join resolves.
// Thread-safe: all functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/ref_types.h"

namespace mews::sim {

// What the getAll filters look at, as the record carries it. Indexes are -1 where the type has
// no such link.
struct RefItem {
  int64_t enterprise = -1;  // enterprise index (through the service for service-owned types)
  int64_t service = -1;     // ServiceId's index
  int64_t category = -1;    // assignment: CategoryId's index
  int64_t resource = -1;    // assignment: ResourceId's index
  int64_t group = -1;       // rate: GroupId's index
  bool active = true;
  int64_t updated_micros = 0;  // UpdatedUtc as written (edits applied), truncated to us
  int64_t created_micros = 0;
};

// The Id of item `index` of `type`: a lower-case uuid from (type, index, seed). Enterprise ids
// are ScopeId's; the other pools are the ones fact records always used ("service", "rate", ...).
std::string RefItemId(RefType type, uint64_t index, uint64_t seed);

// The links and times of an item (no JSON written).
RefItem DescribeRef(RefType type, uint64_t index, const GeneratorOptions& options,
                    const RecordEdit& edit);

// Appends item `index` of `type` as one JSON object. A non-zero edit revision renames it
// ("(rev N)" appended to every name) and the edit's time becomes its UpdatedUtc.
RefItem AppendRefRecord(RefType type, uint64_t index, const GeneratorOptions& options,
                        const RecordEdit& edit, std::string* out);

// taxations/getAll's whole answer: {"Taxations":[...],"TaxRates":[...]}, holding every tax
// rate code fact amounts use, with the percentages they use.
std::string TaxationsJson();

// The number of enterprises of a data set (the Scope indexes of fact records).
uint32_t EnterpriseCount(const GeneratorOptions& options);

// For fact records: the index of a `type` item that belongs to enterprise `enterprise`, chosen
// by `r` (any value; the same r gives the same item). nullopt when the set has no such type.
// Service picks the enterprise's bookable service when `bookable`.
std::optional<uint64_t> RefPick(RefType type, uint32_t enterprise, uint64_t r,
                                const GeneratorOptions& options, bool bookable = false);
// A resource whose category assignment is `category` (chosen by r), or any resource of the
// category's enterprise when the category has none.
std::optional<uint64_t> ResourceInCategory(uint64_t category, uint64_t r,
                                           const GeneratorOptions& options);

}  // namespace mews::sim
