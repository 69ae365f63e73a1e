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


// Deletes every row of the entity's tables, children first.
void EmptyEntityTables(Inspector& db, const EntityMapping& m) {
  for (const Table& t : m.children) REQUIRE(db.Rows("DELETE FROM " + t.name).empty());
  REQUIRE(db.Rows("DELETE FROM " + m.root.name).empty());
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
  auto none = MakeBatch(m, 10, 2, GenOptions{2, false, 0});
  auto kept = MakeBatch(m, 12, table_rows - 12, GenOptions{1, false, 3});
  MustLoad(sink.get(), m, {v1.get()});
  LoadCounts c = MustLoad(sink.get(), m, {shorter.get(), longer.get(), none.get()});
  CHECK(c.root().updated == 12);
  CHECK(c.tables[1].inserted == 25);
  CHECK(c.tables[1].unchanged == 0);
  CHECK(SchemaObjects(target, *db) == schema);
  std::string updated;
  for (const Table& t : m.children) updated += db->Dump(t.name, "parent_id, ordinal");
  EmptyEntityTables(*db, m);
  MustLoad(sink.get(), m, {shorter.get(), longer.get(), none.get(), kept.get()});  // the same rows into empty tables
  std::string fresh;
  for (const Table& t : m.children) fresh += db->Dump(t.name, "parent_id, ordinal");
  CHECK(updated == fresh);
  CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == std::to_string(25 + 3 * (table_rows - 12)));
}


// The root table's columns but _loaded_at (which differs between two loads of the same rows).
std::string RootRows(const EntityMapping& m, Inspector& db) {
  std::string cols;
  for (const Column& c : m.root.columns) cols += c.name + ", ";
  return db.Dump("(SELECT " + cols + "_export_id, _connection, _deleted_at FROM " + m.root.name + ") AS r", "id");
}

std::string ChildRows(const EntityMapping& m, Inspector& db) {
  std::string out;
  for (const Table& t : m.children) out += t.name + "\n" + db.Dump(t.name, "parent_id, ordinal");
  return out;
}

// Loads `batches` into empty tables, then again into tables holding one unrelated row (the row-by-row
// path): the counts and the rows must be the same. Returns the counts of the load into empty tables.
LoadCounts CheckSameAsRowByRow(const Target& target, const EntityMapping& m,
                               const std::vector<const RowBatch*>& batches, const LoadContext& context = {}) {
  auto sink = MustOpen(target);
  MustMigrate(sink.get(), {&m});
  auto db = Inspect(target);
  LoadCounts bulk = MustLoad(sink.get(), m, batches, context);
  const std::string root = RootRows(m, *db), children = ChildRows(m, *db);
  for (const Table& t : m.children) REQUIRE(db->Rows("DELETE FROM " + t.name).empty());
  REQUIRE(db->Rows("DELETE FROM " + m.root.name).empty());
  auto other = MakeBatch(m, 5000, 1);
  MustLoad(sink.get(), m, {other.get()});
  LoadContext again = context;
  again.full_snapshot = false;  // a snapshot would mark the unrelated row
  LoadCounts by_row = MustLoad(sink.get(), m, batches, again);
  const std::string other_id = SqlLiteral(RecordKey(m, 5000));
  for (const Table& t : m.children) REQUIRE(db->Rows("DELETE FROM " + t.name + " WHERE parent_id = " + other_id).empty());
  REQUIRE(db->Rows("DELETE FROM " + m.root.name + " WHERE id = " + other_id).empty());
  CHECK(CountsText(bulk) == CountsText(by_row));
  CHECK(RootRows(m, *db) == root);
  CHECK(ChildRows(m, *db) == children);
  return bulk;
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
    EmptyEntityTables(*db, m);
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

// Pages of `table` that PostgreSQL's visibility map has all-visible, and all pages, as ANALYZE (the
// load's last step) counted them.
std::pair<std::string, std::string> VisiblePages(Inspector& db, const std::string& table) {
  const auto rows = db.Rows("SELECT relallvisible, relpages FROM pg_class WHERE oid = " + SqlLiteral(table) +
                            "::regclass");
  REQUIRE(rows.size() == 1);
  return {rows[0][0], rows[0][1]};
}

TEST_CASE("PostgreSQL: rows COPYed into empty tables are written frozen, so no vacuum rewrites them after") {
  for (const Target& target : AllTargets("bulk_freeze")) {
    if (!target.pg()) continue;  // SQLite has no vacuum that rewrites rows
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    auto batch = MakeBatch(m, 0, 400);
    MustLoad(sink.get(), m, {batch.get()});
    for (const std::string& t : {m.root.name, m.children[0].name, m.children.back().name}) {
      INFO(t);
      auto [visible, pages] = VisiblePages(*db, t);
      CHECK(pages != "0");
      CHECK(visible == pages);
    }
    // Where the TRUNCATE that FREEZE needs is refused (here by a user's trigger), the load into the
    // empty tables goes on without FREEZE and loads the same rows.
    const std::string dump = db->Dump(m.children[0].name, "parent_id, ordinal");
    EmptyEntityTables(*db, m);
    REQUIRE(db->Rows("CREATE FUNCTION no_truncate() RETURNS trigger LANGUAGE plpgsql AS "
                     "$$BEGIN RAISE EXCEPTION 'no TRUNCATE here'; END$$").empty());
    REQUIRE(db->Rows("CREATE TRIGGER no_truncate BEFORE TRUNCATE ON order_items "
                     "FOR EACH STATEMENT EXECUTE FUNCTION no_truncate()").empty());
    LoadCounts c = MustLoad(sink.get(), m, {batch.get()});
    CHECK(c.root().inserted == 400);
    CHECK(db->Dump(m.children[0].name, "parent_id, ordinal") == dump);
    auto [visible, pages] = VisiblePages(*db, m.root.name);
    CHECK(pages != "0");
    CHECK(visible == "0");
  }
}

TEST_CASE("an updated parent's children become exactly its new array, shorter, longer, changed or none") {
  for (uint64_t rows : {12, 100}) {
    for (const Target& target : AllTargets("bulk_children_" + std::to_string(rows))) {
      INFO(std::string(Label(target)), " in a table of ", rows);
      CheckChildrenReplaced(target, rows);
    }
  }
}

TEST_CASE("into empty tables, records out of id order and duplicates far apart give the row-by-row result") {
  const EntityMapping& m = Mapping("OrderItem");
  // Ids 100..149, then 0..49 below them (their children are staged), then later records of ids
  // already written: newer ones win (ties to the later record), older ones change nothing.
  auto high = MakeBatch(m, 100, 50, GenOptions{2, false, 2});
  auto low = MakeBatch(m, 0, 50, GenOptions{2, false, 3});
  RowBatch c(&m), d(&m);
  AddRecord(&c, 10, GenOptions{1, false, 1});   // older than the first copy: ignored
  AddRecord(&c, 30, GenOptions{3, false, 4});   // newer: replaces staged children
  AddRecord(&c, 120, GenOptions{3, false, 1});  // newer: replaces children written directly
  AddRecord(&c, 149, GenOptions{3, false, 1});  // newer, the greatest id so far
  AddRecord(&c, 160, GenOptions{2, false, 2});  // new, above every id so far
  AddRecord(&c, 200, GenOptions{2, false, 2});
  AddRecord(&d, 30, GenOptions{2, false, 1});   // older than the v3 copy: ignored
  AddRecord(&d, 120, GenOptions{3, false, 2});  // same updated value as the v3 copy: later wins
  AddRecord(&d, 160, GenOptions{5, false, 3});  // newer: replaces children written directly, now staged
  AddRecord(&d, 170, GenOptions{2, false, 2});  // new, below the greatest id: staged
  AddRecord(&d, 5, GenOptions{1, false, 1});    // older than the first copy: ignored
  for (const Target& target : AllTargets("bulk_out_of_order")) {
    INFO(std::string(Label(target)));
    LoadCounts counts = CheckSameAsRowByRow(target, m, {high.get(), low.get(), &c, &d});
    CHECK(counts.root().inserted == 103);
    CHECK(counts.root().updated == 0);
    CHECK(counts.root().unchanged == 0);
    // 48 x 2 (100..149 but 120, 149) + 2 (120) + 1 (149) + 49 x 3 (0..49 but 30) + 4 (30) + 3 (160) + 2 + 2
    CHECK(counts.tables[1].inserted == 96 + 2 + 1 + 147 + 4 + 3 + 2 + 2);
    CHECK(counts.tables[1].unchanged == 0);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT notes FROM order_items WHERE id = " + SqlLiteral(RecordId(30))) == "notes 30 v3");
    CHECK(db->Value("SELECT notes FROM order_items WHERE id = " + SqlLiteral(RecordId(10))) == "notes 10 v2");
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name + " WHERE parent_id = " + SqlLiteral(RecordId(120))) == "2");
  }
}

TEST_CASE("into empty tables, records in descending id order and a whole batch repeated give the row-by-row result") {
  const EntityMapping& m = Mapping("OrderItem");
  std::vector<std::unique_ptr<RowBatch>> owned;
  for (int b = 4; b >= 0; --b) owned.push_back(MakeBatch(m, static_cast<uint64_t>(b) * 20, 20, GenOptions{1, false, 2}));
  owned.push_back(MakeBatch(m, 30, 40, GenOptions{1, false, 3}));  // the same ids again, same updated: later wins
  owned.push_back(MakeBatch(m, 50, 10, GenOptions{2, false, 1}));  // and newer still
  std::vector<const RowBatch*> batches;
  for (const auto& b : owned) batches.push_back(b.get());
  for (const Target& target : AllTargets("bulk_descending")) {
    INFO(std::string(Label(target)));
    LoadCounts counts = CheckSameAsRowByRow(target, m, batches);
    CHECK(counts.root().inserted == 100);
    CHECK(counts.tables[1].inserted == 60 * 2 + 20 * 3 + 10 * 3 + 10 * 1);  // 0..29 & 70..99, 30..49, 60..69, 50..59
  }
}

TEST_CASE("a full snapshot into empty tables marks nothing and counts every id inserted") {
  const EntityMapping& m = Mapping("OrderItem");
  auto rows = MakeBatch(m, 0, 10);
  auto again = MakeBatch(m, 3, 2, GenOptions{2, false, 1});
  LoadContext full;
  full.full_snapshot = true;
  for (const Target& target : AllTargets("bulk_snapshot")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {&m});
    LoadCounts c = MustLoad(sink.get(), m, {rows.get(), again.get()}, full);
    CHECK(c.root().inserted == 10);
    CHECK(c.root().updated == 0);
    CHECK(c.root().deleted == 0);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM order_items WHERE _deleted_at IS NULL") == "10");
    auto half = MakeBatch(m, 0, 5);
    CHECK(MustLoad(sink.get(), m, {half.get()}, full).root().deleted == 5);  // the next snapshot marks as before
  }
}

TEST_CASE("a load into empty tables with staged rows, rolled back, leaves them empty and the next load works") {
  const EntityMapping& m = Mapping("OrderItem");
  auto high = MakeBatch(m, 50, 10), low = MakeBatch(m, 0, 10);
  for (const Target& target : AllTargets("bulk_staged_rollback")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {&m});
    {
      auto load = MustBegin(sink.get(), m);
      REQUIRE(load->Write(*high).ok());
      REQUIRE(load->Write(*low).ok());
      REQUIRE(load->Rollback().ok());
    }
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM order_items") == "0");
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == "0");
    LoadCounts c = MustLoad(sink.get(), m, {high.get(), low.get()});
    CHECK(c.root().inserted == 20);
    CHECK(c.tables[1].inserted == 40);
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == "40");
  }
}

}  // TEST_SUITE

}  // namespace mews::test
