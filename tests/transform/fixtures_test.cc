// Every tests/fixtures/<table>.jsonl through TransformFile, compared with <table>.expected.json
// (format: tests/fixtures/README.md) table by table, row by row, column by column.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <filesystem>

#include "tests/transform/transform_test_util.h"

using namespace mews;
using namespace mews::test;

namespace {

const std::string kFixtures = std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/";

// All rows of table `index` (-1: the root) over every batch, in order.
std::vector<std::pair<const TableRows*, size_t>> AllRows(const RunResult& run, int index) {
  std::vector<std::pair<const TableRows*, size_t>> rows;
  for (const auto& b : run.out.batches) {
    const TableRows& t = index < 0 ? b->root() : b->children()[static_cast<size_t>(index)];
    for (size_t r = 0; r < t.size(); ++r) rows.emplace_back(&t, r);
  }
  return rows;
}

void CheckCell(const TableRows& rows, size_t r, size_t c, simdjson::dom::element want) {
  const Cell& cell = rows.cell(r, c);
  switch (want.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      CHECK(cell.kind == Cell::kNull);
      break;
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
      REQUIRE(cell.kind == Cell::kInt);
      CHECK(rows.int_value(r, c) == int64_t(want));
      break;
    case simdjson::dom::element_type::BOOL:
      REQUIRE(cell.kind == Cell::kBool);
      CHECK(rows.bool_value(r, c) == bool(want));
      break;
    case simdjson::dom::element_type::STRING:
      REQUIRE(cell.kind == Cell::kText);
      CHECK(rows.text(r, c) == std::string_view(want));
      break;
    default:
      FAIL("the expected value must be null, an integer, a boolean or a string");
  }
}

void CheckTable(const RunResult& run, int index, const Table& table, simdjson::dom::object expected) {
  CAPTURE(table.name);
  simdjson::dom::array want;
  REQUIRE_MESSAGE(expected[table.name].get_array().get(want) == simdjson::SUCCESS,
                  "the expected file has no array for table " << table.name);
  const auto rows = AllRows(run, index);
  REQUIRE(rows.size() == want.size());
  size_t r = 0;
  for (simdjson::dom::element row : want) {
    CAPTURE(r);
    for (size_t c = 0; c < table.columns.size(); ++c) {
      CAPTURE(table.columns[c].name);
      simdjson::dom::element value;
      REQUIRE(row[table.columns[c].name].get(value) == simdjson::SUCCESS);
      CheckCell(*rows[r].first, rows[r].second, c, value);
    }
    ++r;
  }
}

}  // namespace

TEST_SUITE("transform.unit") {
  TEST_CASE("every fixture transforms to exactly its expected rows, and every mapping has one") {
    Result<MappingRegistry> registry = MappingRegistry::FromDocuments(EmbeddedMappingFiles(), false);
    REQUIRE(registry.ok());
    size_t facts = 0;
    for (const EntityMapping& m : registry->mappings()) facts += m.is_reference() ? 0 : 1;
    const bool all_mappings = facts == AllEntityTypes().size();
    size_t checked = 0;
    for (const EntityMapping& mapping : registry->mappings()) {
      CAPTURE(mapping.entity);
      if (mapping.is_reference()) continue;  // see page_test.cc for the reference types' examples
      const std::string jsonl = kFixtures + mapping.root.name + ".jsonl";
      const std::string expected_path = kFixtures + mapping.root.name + ".expected.json";
      if (!std::filesystem::exists(jsonl) || !std::filesystem::exists(expected_path)) {
        if (all_mappings) FAIL_CHECK("no fixture pair " << jsonl << " / .expected.json");
        continue;
      }
      auto run = RunTransform(jsonl, mapping);
      REQUIRE(run->status.ok());
      for (const Reject& r : run->out.rejects) FAIL_CHECK(jsonl << ":" << r.line << ": " << r.reason);
      simdjson::dom::parser parser;
      simdjson::dom::object expected;
      REQUIRE(parser.load(expected_path).get_object().get(expected) == simdjson::SUCCESS);
      CheckTable(*run, -1, mapping.root, expected);
      for (size_t k = 0; k < mapping.children.size(); ++k) {
        CheckTable(*run, static_cast<int>(k), mapping.children[k], expected);
      }
      ++checked;
    }
    CHECK(checked >= 1);
    // A fixture whose table no mapping has is a mistake too.
    for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
      const std::string name = entry.path().filename().string();
      if (entry.path().extension() != ".jsonl") continue;
      const std::string table = name.substr(0, name.size() - 6);
      bool known = false;
      for (const EntityMapping& m : registry->mappings()) known = known || m.root.name == table;
      if (all_mappings) CHECK_MESSAGE(known, "fixture " << name << " has no mapping");
    }
  }
}
