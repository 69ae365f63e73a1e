// The transform fixtures (tests/fixtures/<table>.jsonl and .expected.json) stay in step with the builtin
// mappings: every table and column is listed, in order, with the JSON kind docs/tables.md ("Values") gives its type.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/schemas/mapping_lookup.h"

using namespace mews;

namespace {

std::string FixturePath(const std::string& table, const char* suffix) {
  return std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/" + table + suffix;
}

// The expected rows of one fixture, kept alive with the parser that owns them.
struct Expected {
  simdjson::dom::parser parser;
  simdjson::dom::object tables;
};

void LoadExpected(const std::string& table, Expected* out) {
  const std::string path = FixturePath(table, ".expected.json");
  simdjson::padded_string text;
  REQUIRE_MESSAGE(simdjson::padded_string::load(path).get(text) == simdjson::SUCCESS, path);
  // dom::parser::parse keeps pointers into its own copy of the document, so `text` may go.
  simdjson::dom::element doc;
  REQUIRE_MESSAGE(out->parser.parse(text).get(doc) == simdjson::SUCCESS, path);
  REQUIRE_MESSAGE(doc.get_object().get(out->tables) == simdjson::SUCCESS, path);
}

std::vector<const Table*> TablesOf(const EntityMapping& m) {
  std::vector<const Table*> out = {&m.root};
  for (const Table& child : m.children) out.push_back(&child);
  return out;
}

// True when `value` has the JSON kind the canonical form of `type` uses (null allowed for any type).
bool KindMatches(simdjson::dom::element value, ColumnType type) {
  if (value.is_null()) return true;
  switch (type) {
    case ColumnType::kInteger:
      return value.is_int64();
    case ColumnType::kBoolean:
      return value.is_bool();
    default:
      return value.is_string();
  }
}

void CheckRow(simdjson::dom::object row, const Table& table) {
  size_t i = 0;
  for (auto field : row) {
    REQUIRE(i < table.columns.size());
    const Column& column = table.columns[i++];
    CHECK(std::string(field.key) == column.name);
    const std::string where = table.name + "." + column.name;
    CAPTURE(where);
    CHECK(KindMatches(field.value, column.type));
    if (column.role == ColumnRole::kParentId || column.role == ColumnRole::kOrdinal || column.name == "id") {
      CHECK_FALSE(field.value.is_null());
    }
  }
  CHECK(i == table.columns.size());
}

size_t CountLines(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), path);
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) lines += line.empty() ? 0 : 1;
  return lines;
}

}  // namespace

TEST_SUITE("schemas.fixtures") {
  TEST_CASE("every expected file lists exactly the tables of its mapping, root first") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      if (m.is_reference()) continue;  // their fixtures are the API examples (transform page tests)
      CAPTURE(m.entity);
      Expected expected;
      LoadExpected(m.root.name, &expected);
      std::vector<std::string> listed;
      for (auto field : expected.tables) listed.emplace_back(field.key);
      std::vector<std::string> tables;
      for (const Table* t : TablesOf(m)) tables.push_back(t->name);
      CHECK(listed == tables);
    }
  }

  TEST_CASE("every expected row has every column of its table in order, with the kind of its type") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      if (m.is_reference()) continue;  // their fixtures are the API examples (transform page tests)
      Expected expected;
      LoadExpected(m.root.name, &expected);
      for (const Table* t : TablesOf(m)) {
        simdjson::dom::array rows;
        REQUIRE(expected.tables[t->name].get_array().get(rows) == simdjson::SUCCESS);
        for (simdjson::dom::element row : rows) {
          simdjson::dom::object object;
          REQUIRE(row.get_object().get(object) == simdjson::SUCCESS);
          CheckRow(object, *t);
        }
      }
    }
  }

  TEST_CASE("each fixture line has one root row and child rows number their parent's elements from 0") {
    for (const EntityMapping& m : BuiltinRegistry().mappings()) {
      if (m.is_reference()) continue;  // their fixtures are the API examples (transform page tests)
      CAPTURE(m.entity);
      Expected expected;
      LoadExpected(m.root.name, &expected);
      std::set<std::string> ids;
      for (simdjson::dom::element row : expected.tables[m.root.name].get_array()) {
        ids.insert(std::string(row["id"].get_string().value()));
      }
      CHECK(ids.size() == CountLines(FixturePath(m.root.name, ".jsonl")));
      CHECK(ids.size() >= 2);
      for (const Table& child : m.children) {
        std::map<std::string, int64_t> next_ordinal;
        for (simdjson::dom::element row : expected.tables[child.name].get_array()) {
          const std::string parent(row["parent_id"].get_string().value());
          CHECK(ids.count(parent) == 1);
          CHECK(row["ordinal"].get_int64().value() == next_ordinal[parent]++);
        }
      }
    }
  }
}
