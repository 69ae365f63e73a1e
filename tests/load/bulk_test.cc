// A load into empty tables may take a bulk path (secondary indexes or foreign keys set aside and
// built again before COMMIT). Whatever it does, the schema after the load, committed or rolled back,
// must be exactly the schema before it, and the rows exactly those of the row-by-row path.
#include <doctest/doctest.h>

#include "load/ddl.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

// Every index and constraint of the target's tables, with its full definition, one per line.
std::string SchemaObjects(const Target& target, Inspector& db) {
  std::string sql;
  if (target.pg()) {
    const std::string s = "'" + target.options.pg_schema + "'";
    sql = "SELECT indexdef FROM pg_indexes WHERE schemaname = " + s +
          " UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
          "FROM pg_constraint WHERE connamespace = " + s + "::regnamespace ORDER BY 1";
  } else {
    sql = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY 1";
  }
  std::string out;
  for (const auto& row : db.Rows(sql)) out += row[0] + "\n";
  return out;
}


// Ten parents updated (five with fewer children, five with more, all values changed) in a table of
// `table_rows`: 10 takes the bulk path, 100 the in-place one (the load is under a quarter of it).
void CheckChildrenReplaced(const Target& target, uint64_t table_rows) {
  auto sink = MustOpen(target);
  const EntityMapping& m = Mapping("OrderItem");
  MustMigrate(sink.get(), {&m});
  auto db = Inspect(target);
  const std::string schema = SchemaObjects(target, *db);
  auto v1 = MakeBatch(m, 0, table_rows, GenOptions{1, false, 3});
  auto shorter = MakeBatch(m, 0, 5, GenOptions{2, false, 1});
  auto longer = MakeBatch(m, 5, 5, GenOptions{2, false, 4});
  auto kept = MakeBatch(m, 10, table_rows - 10, GenOptions{1, false, 3});
  MustLoad(sink.get(), m, {v1.get()});
  LoadCounts c = MustLoad(sink.get(), m, {shorter.get(), longer.get()});
  CHECK(c.root().updated == 10);
  CHECK(c.tables[1].inserted == 25);
  CHECK(c.tables[1].unchanged == 0);
  CHECK(SchemaObjects(target, *db) == schema);
  std::string updated;
  for (const Table& t : m.children) updated += db->Dump(t.name, "parent_id, ordinal");
  for (const Table& t : m.children) REQUIRE(db->Rows("DELETE FROM " + t.name).empty());
  REQUIRE(db->Rows("DELETE FROM order_items").empty());
  MustLoad(sink.get(), m, {shorter.get(), longer.get(), kept.get()});  // the same rows into empty tables
  std::string fresh;
  for (const Table& t : m.children) fresh += db->Dump(t.name, "parent_id, ordinal");
  CHECK(updated == fresh);
  CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == std::to_string(25 + 3 * (table_rows - 10)));
}

}  // namespace

TEST_SUITE("load.bulk") {


TEST_CASE("a load into empty tables leaves every index and constraint as it found them") {
  for (const Target& target : AllTargets("bulk_schema")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    const std::string before = SchemaObjects(target, *db);
    REQUIRE(before.find("order_items_bill_id_idx") != std::string::npos);

    auto batch = MakeBatch(m, 0, 50);
    auto load = MustBegin(sink.get(), m);
    REQUIRE(load->Write(*batch).ok());
    REQUIRE(load->Rollback().ok());
    CHECK(SchemaObjects(target, *db) == before);
    CHECK(db->Value("SELECT count(*) FROM order_items") == "0");

    LoadCounts c = MustLoad(sink.get(), m, {batch.get()});
    CHECK(c.root().inserted == 50);
    CHECK(c.tables[1].inserted == 100);
    CHECK(SchemaObjects(target, *db) == before);
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == "100");
  }
}

TEST_CASE("rows loaded into empty tables equal rows loaded into populated ones") {
  for (const Target& target : AllTargets("bulk_rows")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    const std::string children = m.children[0].name;
    // Into empty tables, with an id repeated in a later batch (its children replaced).
    auto a = MakeBatch(m, 0, 30, GenOptions{1, false, 3});
    auto b = MakeBatch(m, 20, 20, GenOptions{2, false, 1});
    MustLoad(sink.get(), m, {a.get(), b.get()});
    const std::string bulk = db->Dump(children, "parent_id, ordinal");
    CHECK(db->Value("SELECT count(*) FROM " + children) == "80");  // 20 x 3 + 20 x 1
    // Again into tables holding one unrelated row: the row-by-row path must give the same rows.
    for (const Table& t : m.children) REQUIRE(db->Rows("DELETE FROM " + t.name).empty());
    REQUIRE(db->Rows("DELETE FROM order_items").empty());
    auto other = MakeBatch(m, 500, 1);
    MustLoad(sink.get(), m, {other.get()});
    MustLoad(sink.get(), m, {a.get(), b.get()});
    REQUIRE(db->Rows("DELETE FROM " + children + " WHERE parent_id = " + SqlLiteral(RecordId(500))).empty());
    CHECK(db->Dump(children, "parent_id, ordinal") == bulk);
  }
}

TEST_CASE("into empty tables, records COPYed straight in and records merged through staging agree") {
  for (const Target& target : AllTargets("bulk_direct_mix")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("Company");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    // Records 10..14 have a negative duration (exotic), which the direct path leaves to staging: new
    // ids merged through staging, as Bloom false positives are. Record 3 comes again, newer.
    RowBatch batch(&m);
    for (uint64_t i = 0; i < 15; ++i) AddRecord(&batch, i, GenOptions{1, i >= 10, 2});
    AddRecord(&batch, 3, GenOptions{2, false, 2});
    const std::string query = "SELECT id, CAST(invoice_due_interval AS TEXT), name FROM companies ORDER BY id";
    LoadCounts c = MustLoad(sink.get(), m, {&batch});
    CHECK(c.root().inserted == 15);
    CHECK(c.root().updated + c.root().unchanged == 0);
    const auto empty_rows = db->Rows(query);
    CHECK(empty_rows.size() == 15);
    CHECK(db->Value("SELECT count(*) FROM companies WHERE name LIKE '% v2'") == "1");
    // The same records into a table holding one other row take the usual path: the same values.
    REQUIRE(db->Rows("DELETE FROM companies").empty());
    auto other = MakeBatch(m, 500, 1);
    MustLoad(sink.get(), m, {other.get()});
    LoadCounts again = MustLoad(sink.get(), m, {&batch});
    CHECK(again.root().inserted == 15);
    REQUIRE(db->Rows("DELETE FROM companies WHERE id = " + SqlLiteral(RecordId(500))).empty());
    CHECK(db->Rows(query) == empty_rows);
    if (target.pg()) {
      CHECK(db->Value("SELECT count(*) FROM companies WHERE invoice_due_interval < interval '0'") == "5");
    }
  }
}

TEST_CASE("PostgreSQL: a bulk load leaves its tables analyzed, so the next incremental plans with statistics") {
  for (const Target& target : AllTargets("bulk_analyze")) {
    if (!target.pg()) continue;  // SQLite plans without statistics tables of its own
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    const std::string tuples = "SELECT reltuples::bigint FROM pg_class WHERE oid = ";
    CHECK(db->Value(tuples + "'order_items'::regclass") == "-1");  // never analyzed
    auto batch = MakeBatch(m, 0, 40);
    MustLoad(sink.get(), m, {batch.get()});
    CHECK(db->Value(tuples + "'order_items'::regclass") == "40");
    CHECK(db->Value(tuples + SqlLiteral(m.children[0].name) + "::regclass") == "80");
    CHECK(db->Value("SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'order_items' AND schemaname = " +
                    SqlLiteral(target.options.pg_schema)) == "t");
    // An incremental (under a quarter of the table) takes the in-place path and analyzes nothing.
    auto more = MakeBatch(m, 40, 5);
    MustLoad(sink.get(), m, {more.get()});
    CHECK(db->Value(tuples + "'order_items'::regclass") == "40");
  }
}

TEST_CASE("an updated parent's children become exactly its new array, shorter, longer or changed") {
  for (uint64_t rows : {10, 100}) {
    for (const Target& target : AllTargets("bulk_children_" + std::to_string(rows))) {
      INFO(std::string(Label(target)), " in a table of ", rows);
      CheckChildrenReplaced(target, rows);
    }
  }
}

}  // TEST_SUITE

}  // namespace mews::test
