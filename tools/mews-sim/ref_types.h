// The reference (dimension) types mews-sim serves through the Connector API's */getAll
// operations, and the sizes of a data set's reference set. Kept apart from ref_data.h so the
// fact generator's options can carry the sizes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mews::sim {

enum class RefType {
  kEnterprise,
  kService,
  kAccountingCategory,
  kResourceCategory,
  kResourceCategoryAssignment,
  kResource,
  kRate,
  kRateGroup,
  kBusinessSegment,
  kSource,
  kAgeCategory,
  kProduct,
};
constexpr size_t kRefTypeCount = 12;

// Item counts per RefType, indexed by the enum. Enterprise is always the data set's enterprise
// count; ResourceCategoryAssignment always equals Resource (every resource has one category).
using RefCounts = std::array<uint64_t, kRefTypeCount>;

// A hotel group of three properties: a few services each, tens of accounting categories, a
// handful of room categories, tens of rooms and rates.
RefCounts DefaultRefCounts();

// "Service", "AccountingCategory", ... (the names --reference-counts and /_sim/mutate take).
const std::string& RefTypeName(RefType t);
std::optional<RefType> ParseRefType(std::string_view name);
// False for Enterprise and ResourceCategoryAssignment, whose sizes follow from others.
bool RefCountSettable(RefType t);

// Parses "Service=1100,Rate=500" into `counts` (only settable types). Returns "" or the error
// ("expected Type=N, got '...'").
std::string ParseRefCounts(std::string_view text, RefCounts* counts);

}  // namespace mews::sim
