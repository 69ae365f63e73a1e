// The generated table reference (docs/table-reference.md): it lists exactly the tables and columns a
// migration creates, with the types each database reports, and renders every mapping detail.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "load/table_reference.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

std::string Unquote(std::string cell) {
  if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`') return cell.substr(1, cell.size() - 2);
  return cell;
}

std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  size_t from = 2;  // after "| "
  for (size_t bar; (bar = row.find(" | ", from)) != std::string::npos; from = bar + 3) {
    cells.push_back(row.substr(from, bar - from));
  }
  return cells;
}

// "table column type" lines, tables in name order and columns in table order, as the reference
// lists them for PostgreSQL (pg_type names) or SQLite (declared types).
std::string ReferenceColumns(const std::string& reference, bool pg) {
  static const std::map<std::string, std::string> kPgTypeName = {{"bigint", "int8"}, {"boolean", "bool"}};
  std::map<std::string, std::string> tables;
  std::string table;
  std::istringstream in(reference);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## `", 0) == 0 || line.rfind("### `", 0) == 0) {
      table = Unquote(line.substr(line.find('`')));
    } else if (!table.empty() && line.rfind("| `", 0) == 0) {
      std::vector<std::string> cells = Cells(line);
      REQUIRE(cells.size() >= 4);
      std::string type = pg ? cells[2] : cells[3];
      if (pg && kPgTypeName.count(type)) type = kPgTypeName.at(type);
      tables[table] += table + " " + Unquote(cells[0]) + " " + type + "\n";
    }
  }
  std::string out;
  for (const auto& t : tables) out += t.second;
  return out;
}

std::string CatalogColumns(const Target& target) {
  const std::string sql =
      target.pg() ? "SELECT c.relname, a.attname, t.typname FROM pg_attribute a "
                    "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid "
                    "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
                    "AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE 'etl\\_%' "
                    "ORDER BY c.relname, a.attnum"
                  : "SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p "
                    "WHERE m.type = 'table' AND m.name NOT LIKE 'etl\\_%' ESCAPE '\\' "
                    "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid";
  std::string out;
  for (const std::vector<std::string>& row : Inspect(target)->Rows(sql)) {
    out += row[0] + " " + row[1] + " " + row[2] + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the table reference lists exactly the tables, columns and types a migration creates") {
  const std::vector<const EntityMapping*> all = AllMappings();
  const std::string reference = TableReference(all);
  CHECK(reference == TableReference(all));  // deterministic
  for (const Target& target : AllTargets("table_reference")) {
    INFO(std::string(Label(target)));
    MustMigrate(MustOpen(target).get(), all);
    const std::string listed = ReferenceColumns(reference, target.pg());
    CHECK(listed.find(" _loaded_at ") != std::string::npos);
    CHECK(listed == CatalogColumns(target));
  }
}

TEST_CASE("the table reference renders keys, children, aliases, required and indexed columns") {
  Result<EntityMapping> m = ParseMapping(
      R"({"entity":"Payment","table":"pays","key":"Id","updated":"UpdatedUtc","description":"Pays.",
          "fields":[{"path":"Id","type":"uuid","required":true,"description":"The id."},
                    {"path":"UpdatedUtc","type":"timestamp","required":true},
                    {"path":"BillId","type":"uuid"},
                    {"path":"ContactPerson","aliases":["ContacPerson"],"type":"text",
                     "description":"Net | gross"},
                    {"path":"Amount.TaxValues","type":"array","description":"Taxes.",
                     "fields":[{"path":"Value","type":"decimal","required":true}]}]})",
      "pays.json");
  REQUIRE(m.ok());
  const std::string r = TableReference({&m.value()});
  CHECK(r.find("| [`pays`](#pays) | `Payment` | 10 | 1 |") != std::string::npos);
  CHECK(r.find("\n## `pays`\n\nEntityType `Payment` (mapping `pays.json`). Pays.\n") != std::string::npos);
  CHECK(r.find("A record whose `updated_utc` is older") != std::string::npos);
  CHECK(r.find("| `id` | `Id` | uuid | TEXT | Primary key. The id. |") != std::string::npos);
  CHECK(r.find("| `updated_utc` | `UpdatedUtc` | timestamptz | TEXT | Required. |") != std::string::npos);
  CHECK(r.find("| `bill_id` | `BillId` | uuid | TEXT | Indexed. |") != std::string::npos);
  CHECK(r.find("| `contact_person` | `ContactPerson` | text | TEXT | Also filled from `ContacPerson`. "
               "Net \\| gross |") != std::string::npos);
  CHECK(r.find("| `_extra` | — | jsonb | TEXT |") != std::string::npos);
  CHECK(r.find("| `_export_id` | — | uuid | TEXT | Lineage.") != std::string::npos);
  CHECK(r.find("\n### `pays_amount_tax_values`\n\nChild of `pays`: one row per element of "
               "`Amount.TaxValues`, replaced whole whenever the parent row is written. Taxes.\n") !=
        std::string::npos);
  CHECK(r.find("| `parent_id` | — | uuid | TEXT | Primary key, with `ordinal`; references `pays.id` "
               "(ON DELETE CASCADE). |") != std::string::npos);
  CHECK(r.find("| `value` | `Value` | numeric | REAL | Required. |") != std::string::npos);
  // Lineage columns belong to the root table only.
  CHECK(r.find("_export_id", r.find("### `pays_amount_tax_values`")) == std::string::npos);
}

}  // namespace mews::test
