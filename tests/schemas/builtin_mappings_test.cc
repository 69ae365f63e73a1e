// The mapping files compiled into the executable: they load, their names obey the table contract
// (docs/tables.md) and no two identifiers collide, even after PostgreSQL's 63-byte truncation.
#include <doctest/doctest.h>

#include <algorithm>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "schemas/naming.h"
#include "schemas/registry.h"
#include "tests/schemas/mapping_lookup.h"

using namespace mews;

namespace {

// The tables of one mapping, root first.
std::vector<const Table*> TablesOf(const EntityMapping& m) {
  std::vector<const Table*> out = {&m.root};
  for (const Table& child : m.children) out.push_back(&child);
  return out;
}

// Every table of every builtin mapping.
std::vector<const Table*> AllTables(const MappingRegistry& registry) {
  std::vector<const Table*> out;
  for (const EntityMapping& m : registry.mappings()) {
    for (const Table* t : TablesOf(m)) out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_SUITE("schemas.builtin_mappings") {
  TEST_CASE("all ten builtin mappings load, one per EntityType, with the contract's table names") {
    const std::map<std::string, std::string> kTables = {
        {"OrderItem", "order_items"},
        {"Payment", "payments"},
        {"Reservation", "reservations"},
        {"Customer", "customers"},
        {"Company", "companies"},
        {"Bill", "bills"},
        {"AvailabilityAdjustment", "availability_adjustments"},
        {"AvailabilityBlock", "availability_blocks"},
        {"ResourceBlock", "resource_blocks"},
        {"LedgerEntry", "ledger_entries"}};
    const MappingRegistry& registry = BuiltinRegistry();
    CHECK(registry.mappings().size() == 10 + AllReferenceTypes().size());
    for (const std::string& entity : AllEntityTypes()) {
      CAPTURE(entity);
      const EntityMapping* m = registry.Find(entity);
      REQUIRE(m != nullptr);
      CHECK(m->root.name == kTables.at(entity));
    }
  }

  TEST_CASE("every table and column name is a valid identifier of at most 63 bytes") {
    for (const Table* t : AllTables(BuiltinRegistry())) {
      CAPTURE(t->name);
      CHECK(IsValidIdentifier(t->name));
      for (const Column& c : t->columns) {
        CAPTURE(c.name);
        CHECK(IsValidIdentifier(c.name));
        CHECK(c.name.size() <= kMaxIdentifierBytes);
      }
    }
  }

  TEST_CASE("no two columns of a table collide, also after truncation to 63 bytes") {
    for (const Table* t : AllTables(BuiltinRegistry())) {
      std::set<std::string> names;
      std::set<std::string> truncated;
      for (const Column& c : t->columns) {
        CAPTURE(t->name);
        CAPTURE(c.name);
        CHECK(names.insert(c.name).second);
        CHECK(truncated.insert(c.name.substr(0, kMaxIdentifierBytes)).second);
      }
    }
  }

  TEST_CASE("no table name repeats across all mappings, also after truncation to 63 bytes") {
    std::set<std::string> names;
    std::set<std::string> truncated;
    for (const Table* t : AllTables(BuiltinRegistry())) {
      CAPTURE(t->name);
      CHECK(names.insert(t->name).second);
      CHECK(truncated.insert(t->name.substr(0, kMaxIdentifierBytes)).second);
    }
    CHECK(names.size() == 31 + 14 + 3);  // reference children: TaxRate 1, Product 2
  }

  TEST_CASE("the fourteen reference mappings load with their tables and */getAll sources") {
    const std::map<std::string, std::string> kTables = {
        {"Enterprise", "enterprises"},           {"Service", "services"},
        {"AccountingCategory", "accounting_categories"},
        {"ResourceCategory", "resource_categories"},
        {"ResourceCategoryAssignment", "resource_category_assignments"},
        {"Resource", "resources"},               {"Rate", "rates"},
        {"RateGroup", "rate_groups"},            {"BusinessSegment", "business_segments"},
        {"Source", "sources"},                   {"AgeCategory", "age_categories"},
        {"Product", "products"},                 {"Taxation", "taxations"},
        {"TaxRate", "tax_rates"}};
    CHECK(AllReferenceTypes().size() == kTables.size());
    for (const std::string& entity : AllReferenceTypes()) {
      CAPTURE(entity);
      const EntityMapping* m = BuiltinRegistry().Find(entity);
      REQUIRE(m != nullptr);
      REQUIRE(m->is_reference());
      CHECK(m->root.name == kTables.at(entity));
      CHECK(m->reference->operation.find("/getAll") != std::string::npos);
      CHECK(m->children.size() == (entity == "TaxRate" ? 1u : entity == "Product" ? 2u : 0u));
      for (const Column& c : m->root.columns) {
        CAPTURE(c.name);
        CHECK_FALSE(c.description.empty());
      }
    }
    for (const std::string& entity : AllEntityTypes()) CHECK_FALSE(BuiltinRegistry().Find(entity)->is_reference());
    const EntityMapping* rates = BuiltinRegistry().Find("Rate");
    CHECK(rates->reference->ids_parameter == "ServiceIds");
    CHECK(rates->reference->ids_from == "Service");
    CHECK(BuiltinRegistry().Find("ResourceCategoryAssignment")->reference->ids_from == "ResourceCategory");
    CHECK(BuiltinRegistry().Find("Resource")->reference->parameters == R"({"Extent":{"Resources":true,"Inactive":true}})");
  }

  TEST_CASE("names follow the snake_case rule except the few overrides that avoid a collision or 63 bytes") {
    std::vector<std::string> overridden;
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      for (const Table* t : TablesOf(m)) {
        const std::string derived_table =
            t->path.empty() ? t->name : m.root.name + "_" + ColumnNameForPath(t->path);
        if (t->name != derived_table) {
          CHECK(derived_table.size() > kMaxIdentifierBytes);
          overridden.push_back(t->name);
        }
        for (const Column& c : t->columns) {
          const std::string derived = ColumnNameForPath(c.path);
          if (c.role != ColumnRole::kData || c.name == derived) continue;
          const bool text_key = t->path.empty() && c.name == "id" && c.type == ColumnType::kText;
          CHECK((derived.size() > kMaxIdentifierBytes || FindColumn(*t, derived) != nullptr || text_key));
          overridden.push_back(t->name + "." + c.name);
        }
      }
    }
    std::sort(overridden.begin(), overridden.end());
    CHECK(overridden == std::vector<std::string>{
                            "companies.address_legacy_id",  // Address.Id vs AddressId
                            "customers.address_legacy_id",  // Address.Id vs AddressId
                            "enterprises.address_legacy_id",  // Address.Id vs AddressId
                            "payments_data_credit_card_transaction_adjusted_fee_breakdown",
                            "payments_data_credit_card_transaction_charged_amount_breakdown",
                            "payments_data_credit_card_transaction_settled_amount_breakdown",
                            // deprecated plain texts vs the localized texts' preferred-language columns
                            "products.legacy_description", "products.legacy_external_name",
                            "products.legacy_name", "products.legacy_short_name", "rates.legacy_name",
                            "services.legacy_name",
                            // the text keys of the records Mews keys by Code
                            "tax_rates.id", "taxations.id"});
  }

  TEST_CASE("every entity is keyed by a required column id: its uuid Id, or its text Code where it has no Id") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      CAPTURE(m.entity);
      const Column& key = m.root.columns[m.key_column];
      const bool by_code = m.entity == "Taxation" || m.entity == "TaxRate";
      CHECK(key.name == "id");
      CHECK(key.type == (by_code ? ColumnType::kText : ColumnType::kUuid));
      CHECK(key.required);
      CHECK(key.path == std::vector<std::string>{by_code ? "Code" : "Id"});
    }
  }

  TEST_CASE("the never-roll-back column is updated_utc for every entity but LedgerEntry") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      CAPTURE(m.entity);
      if (m.is_reference()) {  // the "never roll back" rule applies where the API gives UpdatedUtc
        CHECK(m.has_updated() == (FindColumn(m.root, "updated_utc") != nullptr));
        CHECK(m.has_updated() == (m.entity != "ResourceCategory" && m.entity != "Taxation" && m.entity != "TaxRate"));
        continue;
      }
      if (m.entity == "LedgerEntry") {
        CHECK_FALSE(m.has_updated());
        CHECK(FindColumn(m.root, "updated_utc") == nullptr);
        continue;
      }
      REQUIRE(m.has_updated());
      const Column& updated = m.root.columns[m.updated_column];
      CHECK(updated.name == "updated_utc");
      CHECK(updated.type == ColumnType::kTimestamp);
      CHECK(updated.required == (m.entity != "Company"));
    }
  }

  TEST_CASE("root tables end with _extra and child tables start with parent_id and ordinal") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      CAPTURE(m.entity);
      REQUIRE_FALSE(m.root.columns.empty());
      CHECK(m.root.columns.back().name == "_extra");
      CHECK(m.root.columns.back().role == ColumnRole::kExtra);
      CHECK(m.root.columns.back().type == ColumnType::kJson);
      for (const Table& child : m.children) {
        CAPTURE(child.name);
        REQUIRE(child.columns.size() > 2);
        CHECK(child.columns[0].name == "parent_id");
        CHECK(child.columns[0].role == ColumnRole::kParentId);
        CHECK(child.columns[1].name == "ordinal");
        CHECK(child.columns[1].role == ColumnRole::kOrdinal);
      }
    }
  }
}
