// TableRows: rows of NULLs, filled in place, rolled back and grown, keep their values.
#include <doctest/doctest.h>

#include <string>

#include "schemas/row_batch.h"

using namespace mews;

namespace {

Table ThreeColumns() {
  Table t;
  t.name = "t";
  for (const char* name : {"a", "b", "c"}) {
    Column c;
    c.name = name;
    t.columns.push_back(c);
  }
  return t;
}

}  // namespace

TEST_SUITE("schemas.row_batch") {
  TEST_CASE("a row added after a rolled-back one is all NULL, and earlier rows survive growth") {
    const Table table = ThreeColumns();
    TableRows rows(&table);
    rows.AddRow();
    rows.SetInt(0, 7);
    rows.SetText(2, "keep");
    const TableRows::Mark mark = rows.mark();
    rows.AddRow();
    rows.SetInt(0, 8);
    rows.SetBool(1, true);
    rows.SetText(2, "dropped");
    rows.Rollback(mark);
    REQUIRE(rows.size() == 1);
    for (int i = 0; i < 1000; ++i) rows.AddRow();  // reuses the rolled-back cells, then grows
    REQUIRE(rows.size() == 1001);
    CHECK(rows.int_value(0, 0) == 7);
    CHECK(rows.is_null(0, 1));
    CHECK(rows.text(0, 2) == "keep");
    for (size_t r = 1; r < rows.size(); ++r) {
      for (size_t c = 0; c < 3; ++c) CHECK(rows.is_null(r, c));
    }
    CHECK(rows.bytes() == 1001 * 3 * sizeof(Cell) + 4);
  }

  TEST_CASE("reserved, cleared and refilled rows start NULL") {
    const Table table = ThreeColumns();
    TableRows rows(&table);
    rows.Reserve(4, 64);
    CHECK(rows.empty());
    rows.AddRow();
    rows.SetInt(1, -3);
    rows.Clear();
    CHECK(rows.empty());
    rows.AddRow();
    CHECK(rows.size() == 1);
    CHECK(rows.is_null(0, 1));
    rows.last_row()[2] = Cell{Cell::kInt, 0, 5};
    CHECK(rows.int_value(0, 2) == 5);
  }
}
