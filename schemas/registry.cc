#include "schemas/registry.h"

#include <algorithm>
#include <set>

namespace mews {

const std::vector<std::string>& AllEntityTypes() {
  static const std::vector<std::string> kTypes = {
      "OrderItem", "Payment",           "Reservation",       "Customer",      "Company",
      "Bill",      "AvailabilityAdjustment", "AvailabilityBlock", "ResourceBlock", "LedgerEntry"};
  return kTypes;
}

namespace {
std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& t : names) out += (out.empty() ? "" : ", ") + t;
  return out;
}
}  // namespace

std::string EntityTypeList() { return JoinNames(AllEntityTypes()); }

const std::vector<std::string>& AllReferenceTypes() {
  static const std::vector<std::string> kTypes = {
      "Enterprise", "Service",       "AccountingCategory", "ResourceCategory",
      "ResourceCategoryAssignment", "Resource", "Rate", "RateGroup",
      "BusinessSegment", "Source",   "AgeCategory",        "Product",
      "Taxation", "TaxRate"};
  return kTypes;
}

std::string ReferenceTypeList() { return JoinNames(AllReferenceTypes()); }

namespace {
struct TypeName {
  ColumnType type;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {ColumnType::kUuid, "uuid"},       {ColumnType::kTimestamp, "timestamp"},
    {ColumnType::kDate, "date"},       {ColumnType::kDuration, "duration"},
    {ColumnType::kDecimal, "decimal"}, {ColumnType::kInteger, "integer"},
    {ColumnType::kBoolean, "boolean"}, {ColumnType::kText, "text"},
    {ColumnType::kJson, "json"},
};
}  // namespace

const char* ColumnTypeName(ColumnType type) {
  for (const TypeName& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "?";
}

bool ParseColumnType(const std::string& name, ColumnType* type) {
  for (const TypeName& t : kTypeNames) {
    if (name == t.name) {
      *type = t.type;
      return true;
    }
  }
  return false;
}

namespace {
// A reference source's "ids" must name a reference type of the set that sync loads before it.
Status CheckIdSources(const std::vector<EntityMapping>& mappings) {
  const std::vector<std::string>& order = AllReferenceTypes();
  auto position = [&](const std::string& e) { return std::find(order.begin(), order.end(), e) - order.begin(); };
  for (const EntityMapping& m : mappings) {
    if (!m.is_reference() || m.reference->ids_from.empty()) continue;
    const std::string& from = m.reference->ids_from;
    bool known = std::any_of(mappings.begin(), mappings.end(),
                             [&](const EntityMapping& o) { return o.entity == from && o.is_reference(); });
    if (!known || position(from) >= position(m.entity)) {
      return Status::InvalidArgument(m.source + ": \"source\": \"ids\" names '" + from +
                                     "', which is not a reference type loaded before " + m.entity);
    }
  }
  return Status::Ok();
}
}  // namespace

Result<MappingRegistry> MappingRegistry::FromDocuments(
    const std::map<std::string, std::string>& documents, bool require_all) {
  auto mappings = std::make_shared<std::vector<EntityMapping>>();
  std::map<std::string, std::string> table_owner;  // table name -> source
  std::set<std::string> entities;
  for (const auto& [source, text] : documents) {
    Result<EntityMapping> m = ParseMapping(text, source);
    if (!m.ok()) return m.status();
    if (!entities.insert(m->entity).second) {
      return Status::InvalidArgument(source + ": a second mapping for EntityType " + m->entity);
    }
    std::vector<const Table*> tables = {&m->root};
    for (const Table& c : m->children) tables.push_back(&c);
    for (const Table* t : tables) {
      auto [it, inserted] = table_owner.emplace(t->name, source);
      if (!inserted) {
        return Status::InvalidArgument(source + ": table '" + t->name + "' is also defined by " +
                                       it->second);
      }
    }
    mappings->push_back(std::move(m.value()));
  }
  if (require_all) {
    for (const std::string& e : AllEntityTypes()) {
      if (!entities.count(e)) return Status::InvalidArgument("no mapping file for EntityType " + e);
    }
    for (const std::string& e : AllReferenceTypes()) {
      if (!entities.count(e)) return Status::InvalidArgument("no mapping file for reference type " + e);
    }
  }
  MEWS_RETURN_IF_ERROR(CheckIdSources(*mappings));
  MappingRegistry r;
  r.mappings_ = std::move(mappings);
  return r;
}

Result<MappingRegistry> MappingRegistry::Builtin() {
  return FromDocuments(EmbeddedMappingFiles(), /*require_all=*/true);
}

ExportFilter BuiltinExportFilter(std::string_view entity) {
  static const Result<MappingRegistry> builtin = MappingRegistry::Builtin();
  const EntityMapping* m = builtin.ok() ? builtin->Find(entity) : nullptr;
  return m ? m->export_filter : ExportFilter::kUpdatedUtc;
}

const char* ExportFilterName(ExportFilter filter) {
  return filter == ExportFilter::kPosting ? "posting" : "updated_utc";
}

const EntityMapping* MappingRegistry::Find(std::string_view entity) const {
  for (const EntityMapping& m : *mappings_) {
    if (m.entity == entity) return &m;
  }
  return nullptr;
}

}  // namespace mews
