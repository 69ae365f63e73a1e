// PostgreSQL's bulk merge into a populated table: a load of at least half as many records as the
// table holds (and 1000 at least) sets aside every secondary index and the children's primary keys
// and builds them again after the merge, when it can have the entity's tables to itself within a few
// seconds; otherwise it merges row by row. Whichever way, the rows, the counts and the schema must
// be exactly those of the row-by-row merge, and no load may fail because another one runs.
#include <doctest/doctest.h>

#include <future>

#include "load/ddl.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

constexpr uint64_t kRecords = 1200;  // above the rebuild's minimum of 1000

// Every index of the target's schema as "name oid": a rebuilt index has a new oid.
std::string IndexOids(const Target& target, Inspector& db) {
  std::string out;
  for (const auto& row : db.Rows("SELECT c.relname, c.oid FROM pg_class c WHERE c.relkind = 'i' AND c.relnamespace = " +
                                 SqlLiteral(target.options.pg_schema) + "::regnamespace ORDER BY 1")) {
    out += row[0] + " " + row[1] + "\n";
  }
  return out;
}

// Every index and constraint with its definition (names and definitions, not oids).
std::string Definitions(const Target& target, Inspector& db) {
  const std::string s = SqlLiteral(target.options.pg_schema);
  std::string out;
  for (const auto& row : db.Rows("SELECT indexdef FROM pg_indexes WHERE schemaname = " + s +
                                 " UNION ALL SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
                                 "pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint WHERE "
                                 "connamespace = " + s + "::regnamespace ORDER BY 1")) {
    out += row[0] + "\n";
  }
  return out;
}

// The oid of index `name` in `oids` (IndexOids' text).
std::string OidOf(const std::string& oids, const std::string& name) {
  const size_t at = oids.find(name + " ");
  REQUIRE(at != std::string::npos);
  return oids.substr(at + name.size() + 1, oids.find('\n', at) - at - name.size() - 1);
}

// All rows of the entity but _loaded_at, ordered by key.
std::string Rows(const EntityMapping& m, Inspector& db) {
  std::string cols;
  for (const Column& c : m.root.columns) cols += c.name + ", ";
  std::string out = db.Dump("(SELECT " + cols + "_export_id, _connection, _deleted_at, _content_hash FROM " +
                            m.root.name + ") AS r", "id");
  for (const Table& t : m.children) out += t.name + "\n" + db.Dump(t.name, "parent_id, ordinal");
  return out;
}

struct Reload {
  std::unique_ptr<RowBatch> fewer, more, none, fresh;
  std::vector<const RowBatch*> batches() const { return {fewer.get(), more.get(), none.get(), fresh.get()}; }
};

// Every record of the table changed (a third with fewer children, a third with more, a third with
// none) and 100 new ones.
Reload MakeReload(const EntityMapping& m) {
  const uint64_t third = kRecords / 3;
  return Reload{MakeBatch(m, 0, third, GenOptions{2, false, 1}), MakeBatch(m, third, third, GenOptions{2, false, 4}),
                MakeBatch(m, 2 * third, kRecords - 2 * third, GenOptions{2, false, 0}),
                MakeBatch(m, kRecords, 100, GenOptions{2, false, 2})};
}

}  // namespace

TEST_SUITE("load.bulk") {

TEST_CASE("PostgreSQL: re-loading every record of a table rebuilds its indexes and child keys, with the row-by-row result") {
  for (const Target& target : AllTargets("rebuild_rows")) {
    if (!target.pg()) continue;  // SQLite's bulk path is its own (sqlite_bulk.cc)
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    auto v1 = MakeBatch(m, 0, kRecords, GenOptions{1, false, 2});
    const Reload reload = MakeReload(m);
    // The row-by-row result: the same load into a table eight times its size (under a quarter of it),
    // whose other records are then removed.
    auto others = MakeBatch(m, 100000, 8 * kRecords, GenOptions{1, false, 2});
    MustLoad(sink.get(), m, {v1.get(), others.get()});
    const std::string before = IndexOids(target, *db), definitions = Definitions(target, *db);
    const std::string by_row = CountsText(MustLoad(sink.get(), m, reload.batches()));
    CHECK(IndexOids(target, *db) == before);  // nothing set aside
    std::string in;  // the other records' ids
    for (uint64_t i = 100000; i < 100000 + 8 * kRecords; ++i) in += (in.empty() ? "" : ", ") + SqlLiteral(RecordId(i));
    REQUIRE(db->Rows("DELETE FROM order_items WHERE id IN (" + in + ")").empty());  // children by ON DELETE CASCADE
    const std::string expected = Rows(m, *db);

    // Now the bulk merge: the same records into a table holding exactly v1.
    for (const Table& t : m.children) REQUIRE(db->Rows("DELETE FROM " + t.name).empty());
    REQUIRE(db->Rows("DELETE FROM order_items").empty());
    MustLoad(sink.get(), m, {v1.get()});
    const std::string loaded = IndexOids(target, *db);
    LoadCounts c = MustLoad(sink.get(), m, reload.batches());
    CHECK(CountsText(c) == by_row);
    CHECK(c.root().updated == kRecords);
    CHECK(c.root().inserted == 100);
    CHECK(Rows(m, *db) == expected);
    CHECK(Definitions(target, *db) == definitions);  // every index and constraint back, validated
    const std::string after = IndexOids(target, *db);
    CHECK(OidOf(after, "order_items_pkey") == OidOf(loaded, "order_items_pkey"));  // the merge's key stays
    CHECK(OidOf(after, "order_items_bill_id_idx") != OidOf(loaded, "order_items_bill_id_idx"));
    const std::string child_key = m.children[0].name + "_pkey";
    CHECK(OidOf(after, child_key) != OidOf(loaded, child_key));
  }
}

TEST_CASE("PostgreSQL: a bulk re-load whose tables a reader holds merges row by row after a few seconds, exactly") {
  for (const Target& target : AllTargets("rebuild_reader")) {
    if (!target.pg()) continue;
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target), reader = Inspect(target);
    auto v1 = MakeBatch(m, 0, kRecords, GenOptions{1, false, 2});
    MustLoad(sink.get(), m, {v1.get()});
    const std::string before = IndexOids(target, *db);
    // A dashboard's query in a transaction left open: it holds order_items shared until it ends.
    reader->Rows("BEGIN");
    CHECK(reader->Value("SELECT count(*) FROM order_items") == std::to_string(kRecords));
    const Reload reload = MakeReload(m);
    LoadCounts c = MustLoad(sink.get(), m, reload.batches());
    reader->Rows("COMMIT");
    CHECK(c.root().updated == kRecords);
    CHECK(c.root().inserted == 100);
    CHECK(c.tables[1].inserted == kRecords / 3 + 4 * (kRecords / 3) + 200);
    CHECK(IndexOids(target, *db) == before);  // no index was set aside
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == std::to_string(kRecords / 3 * 5 + 200));
    CHECK(db->Value("SELECT count(*) FROM order_items WHERE notes NOT LIKE '% v2'") == "0");
  }
}

// Each load is as large as the table, so each takes the bulk path (with the rebuild at kRecords,
// with only the foreign keys set aside at 20). Their merges start at once: the one that finds the
// tables taken waits for them up to a few seconds, and merges in place if they are still taken.
TEST_CASE("PostgreSQL: two connections' bulk loads into one table at once both commit, with every row") {
  for (uint64_t n : {uint64_t{20}, kRecords}) {
    for (Target target : AllTargets("rebuild_two_" + std::to_string(n))) {
      if (!target.pg()) continue;
      INFO(n, " records each");
      Target ta = target, tb = target;
      ta.options.connection = "a";
      tb.options.connection = "b";
      auto a = MustOpen(ta), b = MustOpen(tb);
      const EntityMapping& m = Mapping("OrderItem");
      MustMigrate(a.get(), {&m});
      REQUIRE(a->LockEntity("OrderItem", LockMode::kFailFast).ok());
      REQUIRE(b->LockEntity("OrderItem", LockMode::kFailFast).ok());
      auto v1 = MakeBatch(m, 0, n, GenOptions{1, false, 2});
      LoadContext in_a, in_b;
      in_a.connection = "a";
      in_b.connection = "b";
      MustLoad(a.get(), m, {v1.get()}, in_a);
      auto v2 = MakeBatch(m, 0, n, GenOptions{2, false, 3});
      auto other = MakeBatch(m, n, n, GenOptions{1, false, 2});
      auto load_a = MustBegin(a.get(), m, in_a), load_b = MustBegin(b.get(), m, in_b);
      REQUIRE(load_a->Write(*v2).ok());
      REQUIRE(load_b->Write(*other).ok());
      std::future<Result<LoadCounts>> commit_b = std::async(std::launch::async, [&] { return load_b->Commit({}); });
      Result<LoadCounts> ca = load_a->Commit({});
      Result<LoadCounts> cb = commit_b.get();
      REQUIRE_MESSAGE(ca.ok(), ca.status().message());
      REQUIRE_MESSAGE(cb.ok(), cb.status().message());
      CHECK(ca->root().updated == n);
      CHECK(cb->root().inserted == n);
      CHECK(ca->tables[1].inserted == 3 * n);
      CHECK(cb->tables[1].inserted == 2 * n);
      auto db = Inspect(target);
      CHECK(db->Value("SELECT count(*) FROM order_items") == std::to_string(2 * n));
      CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == std::to_string(5 * n));
      CHECK(db->Value("SELECT count(*) FROM order_items WHERE _connection = 'b'") == std::to_string(n));
      CHECK(db->Value("SELECT count(*) FROM order_items WHERE notes LIKE '% v2'") == std::to_string(n));
      CHECK(db->Value("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = " +
                      SqlLiteral(target.options.pg_schema) + "::regnamespace") == std::to_string(m.children.size()));
    }
  }
}

}  // TEST_SUITE

}  // namespace mews::test
