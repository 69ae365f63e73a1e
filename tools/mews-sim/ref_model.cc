// The shape of a reference set: type names and sizes, item ids, which enterprise, service,
// category and group every item belongs to, and the picks fact records make from it.
//
// Layout, with E enterprises and B = min(E, services) bookable services:
// - service i belongs to enterprise i % E; services 0..B-1 are the bookable ones (one per
//   enterprise), the others additional;
// - resource categories, rates, rate groups, business segments and age categories belong to
//   bookable service i % B (so to enterprise i % B);
// - accounting categories and resources belong to enterprise i % E;
// - product i belongs to service i % services (any service), so to that service's enterprise;
// - resource i has assignment i, to a category of its own enterprise; sources are global.
#include <algorithm>

#include "tools/mews-sim/ref_data.h"
#include "tools/mews-sim/sim_random.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {
namespace {

const std::array<std::string, kRefTypeCount>& Names() {
  static const std::array<std::string, kRefTypeCount> names = {
      "Enterprise",     "Service",     "AccountingCategory", "ResourceCategory",
      "ResourceCategoryAssignment",   "Resource",           "Rate",
      "RateGroup",      "BusinessSegment", "Source",        "AgeCategory", "Product"};
  return names;
}

constexpr std::string_view kPools[kRefTypeCount] = {
    "enterprise", "service",   "accounting-category", "resource-category",
    "resource-category-assignment", "resource", "rate", "rate-group",
    "business-segment", "source", "age-category", "product"};

uint64_t Count(const GeneratorOptions& o, RefType t) {
  if (t == RefType::kEnterprise) return EnterpriseCount(o);
  if (t == RefType::kResourceCategoryAssignment) return o.ref_counts[static_cast<size_t>(RefType::kResource)];
  return o.ref_counts[static_cast<size_t>(t)];
}

uint64_t Bookable(const GeneratorOptions& o) {
  return std::min<uint64_t>(EnterpriseCount(o), Count(o, RefType::kService));
}

// How many of items 0..count-1 have index % m == e.
uint64_t ResidueCount(uint64_t count, uint64_t m, uint64_t e) {
  if (m == 0 || e >= count) return 0;
  return (count - 1 - e) / m + 1;
}

// An item with index % m == e, chosen by r; any item when there is none.
std::optional<uint64_t> Residue(uint64_t count, uint64_t m, uint64_t e, uint64_t r) {
  if (count == 0) return std::nullopt;
  uint64_t n = e < m ? ResidueCount(count, m, e) : 0;
  if (n == 0) return r % count;
  return e + m * (r % n);
}

bool InactiveOne(RefType t, uint64_t index, const GeneratorOptions& o, Rng& rng) {
  static constexpr unsigned kInactivePercent[kRefTypeCount] = {0, 8, 8, 5, 0, 5, 10, 5, 10, 0, 5, 10};
  bool draw = rng.Percent(kInactivePercent[static_cast<size_t>(t)]);
  if (t == RefType::kService && index < Bookable(o)) return false;  // the hotel is open
  return draw;
}

}  // namespace

RefCounts DefaultRefCounts() {
  RefCounts c{};
  auto set = [&c](RefType t, uint64_t n) { c[static_cast<size_t>(t)] = n; };
  set(RefType::kService, 9);
  set(RefType::kAccountingCategory, 36);
  set(RefType::kResourceCategory, 12);
  set(RefType::kResource, 90);
  set(RefType::kRate, 30);
  set(RefType::kRateGroup, 9);
  set(RefType::kBusinessSegment, 12);
  set(RefType::kSource, 14);
  set(RefType::kAgeCategory, 6);
  set(RefType::kProduct, 36);
  return c;
}

const std::string& RefTypeName(RefType t) { return Names()[static_cast<size_t>(t)]; }

std::optional<RefType> ParseRefType(std::string_view name) {
  for (size_t i = 0; i < kRefTypeCount; ++i) {
    if (Names()[i] == name) return static_cast<RefType>(i);
  }
  return std::nullopt;
}

bool RefCountSettable(RefType t) {
  return t != RefType::kEnterprise && t != RefType::kResourceCategoryAssignment;
}

std::string ParseRefCounts(std::string_view text, RefCounts* counts) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = std::min(text.find(',', pos), text.size());
    std::string item(text.substr(pos, comma - pos));
    size_t eq = item.find('=');
    std::optional<RefType> t = eq == std::string::npos ? std::nullopt : ParseRefType(item.substr(0, eq));
    char* end = nullptr;
    const char* digits = t ? item.c_str() + eq + 1 : nullptr;
    unsigned long long n = digits ? std::strtoull(digits, &end, 10) : 0;
    if (!t || !RefCountSettable(*t) || end == digits || *end != '\0' || *digits == '-') {
      return "expected Type=N (Type one of Service, AccountingCategory, ResourceCategory, "
             "Resource, Rate, RateGroup, BusinessSegment, Source, AgeCategory, Product), got '" +
             item + "'";
    }
    (*counts)[static_cast<size_t>(*t)] = n;
    pos = comma + 1;
  }
  return "";
}

uint32_t EnterpriseCount(const GeneratorOptions&) { return kScopeCount; }

std::string RefItemId(RefType type, uint64_t index, uint64_t seed) {
  std::string out;
  AppendUuid(&out, MakeUuid(seed ^ NameTag(kPools[static_cast<size_t>(type)]), index));
  return out;
}

RefItem DescribeRef(RefType t, uint64_t i, const GeneratorOptions& o, const RecordEdit& edit) {
  RefItem item;
  uint64_t e_count = EnterpriseCount(o), b = Bookable(o);
  auto bookable_service = [&](uint64_t k) {
    item.service = b > 0 ? static_cast<int64_t>(k % b) : -1;
    item.enterprise = static_cast<int64_t>(b > 0 ? k % b : k % e_count);
  };
  switch (t) {
    case RefType::kEnterprise: item.enterprise = static_cast<int64_t>(i); break;
    case RefType::kService: item.enterprise = static_cast<int64_t>(i % e_count); break;
    case RefType::kAccountingCategory:
    case RefType::kResource: item.enterprise = static_cast<int64_t>(i % e_count); break;
    case RefType::kProduct: {
      uint64_t services = Count(o, RefType::kService);
      item.service = services > 0 ? static_cast<int64_t>(i % services) : -1;
      item.enterprise = static_cast<int64_t>((services > 0 ? i % services : i) % e_count);
      break;
    }
    case RefType::kResourceCategoryAssignment: {
      uint64_t e = i % e_count, n = ResidueCount(Count(o, RefType::kResourceCategory), b, e);
      item.enterprise = static_cast<int64_t>(e);
      item.resource = static_cast<int64_t>(i);
      uint64_t categories = Count(o, RefType::kResourceCategory);
      if (n > 0) item.category = static_cast<int64_t>(e + b * ((i / e_count) % n));
      else if (categories > 0) item.category = static_cast<int64_t>(i % categories);
      break;
    }
    case RefType::kRate: {
      bookable_service(i);
      std::optional<uint64_t> g = Residue(Count(o, RefType::kRateGroup), b, i % std::max<uint64_t>(b, 1), i / std::max<uint64_t>(b, 1));
      item.group = g ? static_cast<int64_t>(*g) : -1;
      break;
    }
    case RefType::kSource: break;
    default: bookable_service(i); break;  // categories, rate groups, segments, age categories
  }
  Rng rng(Mix64(o.seed ^ NameTag(kPools[static_cast<size_t>(t)])) ^ Mix64(i * 0x9e3779b97f4a7c15ULL + 7));
  int64_t anchor = o.anchor_micros != 0 ? o.anchor_micros : DefaultAnchorMicros();
  item.active = !InactiveOne(t, i, o, rng);
  if (t == RefType::kResourceCategoryAssignment) {  // IsActive considers the parents too
    static const RecordEdit kNoEdit;
    item.active = DescribeRef(RefType::kResource, i, o, kNoEdit).active &&
                  (item.category < 0 ||
                   DescribeRef(RefType::kResourceCategory, static_cast<uint64_t>(item.category), o, kNoEdit).active);
  }
  item.created_micros = anchor - rng.Range(400, 3 * 365) * kMicrosPerDay -
                        rng.Range(0, kMicrosPerDay / kMicrosPerSecond - 1) * kMicrosPerSecond;
  item.updated_micros = rng.Percent(30) ? item.created_micros
                                        : anchor - rng.Range(2, 399) * kMicrosPerDay -
                                              rng.Range(0, 86399) * kMicrosPerSecond -
                                              rng.Range(0, 999) * 1000;
  if (edit.updated_micros) {
    item.updated_micros = *edit.updated_micros;
    item.created_micros = std::min(item.created_micros, item.updated_micros);
  }
  return item;
}

std::optional<uint64_t> RefPick(RefType t, uint32_t enterprise, uint64_t r,
                                const GeneratorOptions& o, bool bookable) {
  uint64_t n = Count(o, t), e_count = EnterpriseCount(o), b = Bookable(o);
  switch (t) {
    case RefType::kEnterprise: return enterprise;
    case RefType::kService:
      if (bookable && enterprise < b) return enterprise;
      return Residue(n, e_count, enterprise, r);
    case RefType::kAccountingCategory:
    case RefType::kResource:
    case RefType::kResourceCategoryAssignment: return Residue(n, e_count, enterprise, r);
    case RefType::kProduct: {  // a product of one of the enterprise's services
      uint64_t services = Count(o, RefType::kService);
      std::optional<uint64_t> s = Residue(services, e_count, enterprise, r);
      uint64_t per_service = s ? ResidueCount(n, services, *s) : 0;
      if (per_service == 0) return Residue(n, e_count, enterprise, r);
      return *s + services * ((r / services) % per_service);
    }
    case RefType::kSource: return n == 0 ? std::nullopt : std::optional<uint64_t>(r % n);
    default: return Residue(n, b, enterprise, r);
  }
}

std::optional<uint64_t> ResourceInCategory(uint64_t category, uint64_t r, const GeneratorOptions& o) {
  uint64_t e_count = EnterpriseCount(o), b = Bookable(o), resources = Count(o, RefType::kResource);
  if (b == 0) return Residue(resources, e_count, 0, r);
  uint64_t e = category % b, k = category / b;
  uint64_t n = ResidueCount(Count(o, RefType::kResourceCategory), b, e);
  uint64_t first = e + e_count * k;  // resource i = e + E * (k + n * t)
  if (n == 0 || k >= n || first >= resources) return Residue(resources, e_count, e, r);
  uint64_t matches = (resources - 1 - first) / (e_count * n) + 1;
  return first + e_count * n * (r % matches);
}

}  // namespace mews::sim
