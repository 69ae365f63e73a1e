// The load contract (docs/tables.md, docs/loading.md), run against both sinks: a SQLite file and the
// real PostgreSQL (each test in its own schema). Counts must be identical between the two.
#include <doctest/doctest.h>

#include "load/ddl.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

std::string Count(Inspector& db, const std::string& from_where) { return db.Value("SELECT count(*) FROM " + from_where); }

void CheckRootRow(const Target& target, Inspector& db, const EntityMapping& m, uint64_t index, const GenOptions& o) {
  const std::string where = m.root.name + " WHERE id = " + SqlLiteral(RecordKey(m, index));
  for (size_t i = 0; i < m.root.columns.size(); ++i) {
    const Column& c = m.root.columns[i];
    std::string v = static_cast<int>(i) == m.key_column ? RecordKey(m, index) : CanonicalValue(c, index, o);
    if (static_cast<int>(i) == m.updated_column) continue;  // generated separately, checked by ordering tests
    CHECK_MESSAGE(Count(db, where + " AND " + ValueMatches(target, c, v)) == "1", m.root.name, ".", c.name, " = ", v);
  }
  CHECK(Count(db, where + " AND _export_id IS NULL AND _loaded_at IS NOT NULL AND _deleted_at IS NULL") == "1");
}

void CheckChildRows(const Target& target, Inspector& db, const EntityMapping& m, uint64_t index, const GenOptions& o) {
  for (const Table& t : m.children) {
    for (int n = 0; n < o.children_per_row; ++n) {
      const std::string where = t.name + " WHERE parent_id = " + SqlLiteral(RecordKey(m, index)) +
                                " AND ordinal = " + std::to_string(n);
      for (const Column& c : t.columns) {
        if (c.role != ColumnRole::kData) continue;
        const std::string v = CanonicalValue(c, index * 10 + n, o);
        CHECK_MESSAGE(Count(db, where + " AND " + ValueMatches(target, c, v)) == "1", t.name, ".", c.name, " = ", v);
      }
    }
  }
}

void CheckCatalogTypes(const Target& target, Inspector& db, const Table& t, const std::string& sample_where) {
  for (const Column& c : t.columns) {
    std::string type;
    if (target.pg()) {
      type = db.Value("SELECT data_type FROM information_schema.columns WHERE table_schema = '" +
                      target.options.pg_schema + "' AND table_name = '" + t.name + "' AND column_name = '" + c.name + "'");
    } else {
      type = db.Value("SELECT typeof(" + c.name + ") FROM " + t.name + " WHERE " + sample_where + " LIMIT 1");
    }
    CHECK_MESSAGE(type == ExpectedCatalogType(target, c.type), t.name, ".", c.name);
  }
}

}  // namespace

TEST_SUITE("load.contract") {

TEST_CASE("every entity type round-trips with the contract's column types and exact values") {
  for (const Target& target : ContractTargets("roundtrip")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), AllMappings());
    auto db = Inspect(target);
    const GenOptions exotic{1, true, 2}, plain{1, false, 2};
    for (const EntityMapping* m : AllMappings()) {
      INFO(m->entity);
      RowBatch batch(m);
      AddRecord(&batch, 0, exotic);
      AddRecord(&batch, 1, plain);
      AddRecord(&batch, 2, plain);
      LoadCounts counts = MustLoad(sink.get(), *m, {&batch});
      REQUIRE(counts.tables.size() == m->children.size() + 1);
      CHECK(counts.root().inserted == 3);
      CHECK(counts.root().updated == 0);
      for (size_t k = 0; k < m->children.size(); ++k) CHECK(counts.tables[k + 1].inserted == 6);
      CHECK(Count(*db, m->root.name) == "3");
      CheckRootRow(target, *db, *m, 0, exotic);
      CheckRootRow(target, *db, *m, 1, plain);
      CheckChildRows(target, *db, *m, 0, exotic);
      CheckChildRows(target, *db, *m, 2, plain);
      // TaxRate's text key and its child's parent_id come back as text in both databases.
      CheckCatalogTypes(target, *db, m->root, "id = " + SqlLiteral(RecordKey(*m, 0)));
      for (const Table& c : m->children) CheckCatalogTypes(target, *db, c, "parent_id = " + SqlLiteral(RecordKey(*m, 0)));
    }
  }
}

TEST_CASE("exotic values come back exactly as they went in") {
  for (const Target& target : ContractTargets("exotic")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto batch = MakeBatch(m, 0, 1, GenOptions{1, true, 1});
    MustLoad(sink.get(), m, {batch.get()});
    auto db = Inspect(target);
    const std::string id = SqlLiteral(RecordId(0));
    CHECK(db.get()->Value("SELECT notes FROM order_items WHERE id = " + id) ==
          "tab\there\nnewline\\back\rslash \xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 'q' \"d\" v1");
    if (target.pg()) {
      CHECK(db->Value("SELECT amount_net_value::text FROM order_items WHERE id = " + id) ==
            "-123456789012345678901234.567890");
      CHECK(db->Value("SELECT to_char(created_utc, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') FROM order_items WHERE id = " + id)
                .substr(19) == ".123456");
      CHECK(db->Value("SELECT _extra::text FROM order_items WHERE id = " + id) ==
            "{\"NewField\": [1, \"a\\tb\"], \"Amount.Foo\": null}");
    } else {
      CHECK(db->Value("SELECT _extra FROM order_items WHERE id = " + id) ==
            "{\"NewField\":[1,\"a\\tb\"],\"Amount.Foo\":null}");
      CHECK(db->Value("SELECT typeof(amount_net_value) FROM order_items WHERE id = " + id) == "real");
    }
  }
}

TEST_CASE("a value longer than a COPY piece and rows across many pieces come back exactly") {
  // PostgreSQL sends its COPY text in pieces of whole lines (64 KiB): a 200 KiB value of escapes
  // and 3000 exotic rows (about 2 MiB) cross many piece boundaries.
  for (const Target& target : ContractTargets("pieces")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    const GenOptions exotic{1, true, 2};
    size_t notes = 0;
    while (m.root.columns[notes].name != "notes") ++notes;
    std::string big;
    for (int i = 0; big.size() < (200u << 10); ++i) big += "line " + std::to_string(i) + "\t\\ \xC3\xA9\n";
    RowBatch batch(&m);
    for (uint64_t i = 0; i < 3000; ++i) {
      AddRecord(&batch, i, exotic);
      if (i == 1500) batch.root().SetText(notes, big);
    }
    LoadCounts counts = MustLoad(sink.get(), m, {&batch});
    CHECK(counts.root().inserted == 3000);
    CHECK(counts.tables[1].inserted == 6000);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT notes FROM order_items WHERE id = " + SqlLiteral(RecordId(1500))) == big);
    for (uint64_t i : {0, 1, 1499, 1501, 2999}) CheckRootRow(target, *db, m, i, exotic);
    CheckChildRows(target, *db, m, 1500, exotic);
    CheckChildRows(target, *db, m, 2999, exotic);
  }
}

TEST_CASE("loading the same batches again changes nothing, not even _loaded_at") {
  for (const Target& target : ContractTargets("rerun")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto a = MakeBatch(m, 0, 30), b = MakeBatch(m, 30, 20);
    LoadCounts first = MustLoad(sink.get(), m, {a.get(), b.get()});
    CHECK(first.root().inserted == 50);
    CHECK(first.tables[1].inserted == 100);
    auto db = Inspect(target);
    const std::string root = db->Dump("order_items", "id");
    const std::string child = db->Dump(m.children[0].name, "parent_id, ordinal");
    LoadCounts again = MustLoad(sink.get(), m, {a.get(), b.get()});
    CHECK(again.root().inserted == 0);
    CHECK(again.root().updated == 0);
    CHECK(again.root().unchanged == 50);
    CHECK(again.tables[1].inserted == 0);
    CHECK(again.tables[1].unchanged == 100);
    CHECK(db->Dump("order_items", "id") == root);
    CHECK(db->Dump(m.children[0].name, "parent_id, ordinal") == child);
  }
}

TEST_CASE("a newer version updates the row and an older one never rolls it back") {
  for (const Target& target : ContractTargets("versions")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto v1 = MakeBatch(m, 0, 10, GenOptions{1, false, 2});
    auto v2 = MakeBatch(m, 0, 10, GenOptions{2, false, 3});
    MustLoad(sink.get(), m, {v1.get()});
    LoadCounts up = MustLoad(sink.get(), m, {v2.get()});
    CHECK(up.root().inserted == 0);
    CHECK(up.root().updated == 10);
    CHECK(up.tables[1].inserted == 30);
    auto db = Inspect(target);
    CHECK(Count(*db, "order_items WHERE notes LIKE '% v2'") == "10");
    CHECK(Count(*db, m.children[0].name) == "30");
    const std::string after_v2 = db->Dump("order_items", "id");
    LoadCounts old = MustLoad(sink.get(), m, {v1.get()});
    CHECK(old.root().updated == 0);
    CHECK(old.root().unchanged == 10);
    CHECK(old.tables[1].inserted == 0);
    CHECK(old.tables[1].unchanged == 20);
    CHECK(db->Dump("order_items", "id") == after_v2);
    CHECK(Count(*db, m.children[0].name) == "30");
  }
}

TEST_CASE("a newer version that changes only a reference column updates it") {
  for (const Target& target : ContractTargets("reference")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto v1 = MakeBatch(m, 0, 3);
    MustLoad(sink.get(), m, {v1.get()});
    RowBatch moved(&m);
    AddRecord(&moved, 1, GenOptions{});
    const std::string account = "0b000000-0000-4000-8000-00000000000b";
    int col = -1;
    for (size_t i = 0; i < m.root.columns.size(); ++i) {
      if (m.root.columns[i].name == "account_id") col = static_cast<int>(i);
    }
    REQUIRE(col >= 0);
    moved.root().SetText(static_cast<size_t>(col), account);
    LoadCounts c = MustLoad(sink.get(), m, {&moved});
    CHECK(c.root().updated == 1);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM order_items WHERE account_id = " + SqlLiteral(account)) == "1");
    CHECK(db->Value("SELECT count(*) FROM order_items WHERE account_id = " + SqlLiteral(account) + " AND id = " +
                    SqlLiteral(RecordId(1))) == "1");
  }
}

TEST_CASE("duplicates of one id in one load: the greatest updated value wins, ties go to the later record") {
  for (const Target& target : ContractTargets("duplicates")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    RowBatch first(&m), second(&m);
    AddRecord(&first, 0, GenOptions{3, false, 1});
    AddRecord(&first, 0, GenOptions{5, false, 2});
    AddRecord(&first, 1, GenOptions{2, false, 1});
    AddRecord(&second, 0, GenOptions{4, false, 3});
    AddRecord(&second, 1, GenOptions{2, false, 3});  // same updated value as the first: later wins
    LoadCounts c = MustLoad(sink.get(), m, {&first, &second});
    CHECK(c.root().inserted == 2);
    CHECK(c.root().updated == 0);
    CHECK(c.root().unchanged == 0);
    CHECK(c.tables[1].inserted == 5);
    auto db = Inspect(target);
    const std::string t = m.children[0].name;
    CHECK(Count(*db, "order_items WHERE id = " + SqlLiteral(RecordId(0)) + " AND notes LIKE '% v5'") == "1");
    CHECK(Count(*db, t + " WHERE parent_id = " + SqlLiteral(RecordId(0))) == "2");
    CHECK(Count(*db, t + " WHERE parent_id = " + SqlLiteral(RecordId(1))) == "3");
  }
}

TEST_CASE("a failed load rolled back leaves every table exactly as it was") {
  for (const Target& target : ContractTargets("rollback")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto v1 = MakeBatch(m, 0, 20);
    MustLoad(sink.get(), m, {v1.get()});
    auto db = Inspect(target);
    const std::string before = db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal");
    auto v2 = MakeBatch(m, 10, 20, GenOptions{2, false, 1});
    RowBatch broken(&m);  // a child row whose parent is not in the batch
    AddRecord(&broken, 99, GenOptions{});
    broken.root().Clear();
    broken.lines.clear();
    AddRecord(&broken, 98, GenOptions{});
    auto load = MustBegin(sink.get(), m);
    REQUIRE(load->Write(*v2).ok());
    REQUIRE(load->AddReject(Reject{"f.jsonl", 3, "Id: missing required field", "{}"}).ok());
    Status s = load->Write(broken);
    CHECK(s.code() == StatusCode::kInternal);
    CHECK(load->Rollback().ok());
    CHECK(db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal") == before);
    CHECK(Count(*db, "etl_rejects") == "0");
    LoadCounts after = MustLoad(sink.get(), m, {v1.get()});  // the sink is usable afterwards
    CHECK(after.root().unchanged == 20);
  }
}

TEST_CASE("a full snapshot marks absent rows deleted and un-marks rows that come back") {
  for (const Target& target : ContractTargets("snapshot")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto all = MakeBatch(m, 0, 10), half = MakeBatch(m, 0, 5);
    MustLoad(sink.get(), m, {all.get()});
    LoadContext full;
    full.full_snapshot = true;
    LoadCounts c = MustLoad(sink.get(), m, {half.get()}, full);
    CHECK(c.root().unchanged == 5);
    CHECK(c.root().deleted == 5);
    auto db = Inspect(target);
    CHECK(Count(*db, "order_items WHERE _deleted_at IS NOT NULL") == "5");
    CHECK(Count(*db, "order_items WHERE _deleted_at IS NOT NULL AND id = " + SqlLiteral(RecordId(7))) == "1");
    LoadCounts back = MustLoad(sink.get(), m, {all.get()}, full);
    CHECK(back.root().updated == 5);
    CHECK(back.root().unchanged == 5);
    CHECK(back.root().deleted == 0);
    CHECK(Count(*db, "order_items WHERE _deleted_at IS NOT NULL") == "0");
  }
}

TEST_CASE("_export_id names the export that wrote the row and unchanged rows keep theirs") {
  for (const Target& target : ContractTargets("lineage")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    auto v1 = MakeBatch(m, 0, 4), v2 = MakeBatch(m, 2, 4, GenOptions{2, false, 2});
    const std::string e1 = "0a000000-0000-4000-8000-000000000001", e2 = "0a000000-0000-4000-8000-000000000002";
    MustLoad(sink.get(), m, {v1.get()}, LoadContext{0, e1, false});
    MustLoad(sink.get(), m, {v2.get()}, LoadContext{0, e2, false});
    auto db = Inspect(target);
    CHECK(Count(*db, "order_items WHERE _export_id = " + SqlLiteral(e1)) == "2");
    CHECK(Count(*db, "order_items WHERE _export_id = " + SqlLiteral(e2)) == "4");
  }
}

TEST_CASE("a migration adds a missing column to a populated table without losing rows") {
  for (const Target& target : ContractTargets("migration")) {
    INFO(std::string(Label(target)));
    const EntityMapping& full = Mapping("OrderItem");
    std::string json = EmbeddedMappingFiles().at(full.source);
    const std::string line = "    {\"path\": \"Notes\", \"type\": \"text\"},\n";
    REQUIRE(json.find(line) != std::string::npos);
    json.erase(json.find(line), line.size());
    Result<EntityMapping> old = ParseMapping(json, "old.json");
    REQUIRE(old.ok());
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {&old.value()});
    auto rows = MakeBatch(old.value(), 0, 10);
    MustLoad(sink.get(), old.value(), {rows.get()});
    Result<std::vector<std::string>> ddl = sink->Migrate({&full});
    REQUIRE(ddl.ok());
    REQUIRE(ddl->size() == 1);
    CHECK(ddl->front().find("ADD COLUMN notes") != std::string::npos);
    auto db = Inspect(target);
    CHECK(Count(*db, "order_items WHERE notes IS NULL") == "10");
    auto fresh = MakeBatch(full, 0, 10);
    LoadCounts c = MustLoad(sink.get(), full, {fresh.get()});
    CHECK(c.root().updated == 10);
    CHECK(Count(*db, "order_items WHERE notes IS NOT NULL") == "10");
    Result<std::vector<std::string>> again = sink->Migrate({&full});
    REQUIRE(again.ok());
    CHECK(again->empty());
  }
}

TEST_CASE("rejects are stored in etl_rejects with the load and counted") {
  for (const Target& target : ContractTargets("rejects")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    Result<int64_t> run = sink->StartRun("OrderItem", "load");
    REQUIRE(run.ok());
    auto load = MustBegin(sink.get(), m, LoadContext{*run, std::nullopt, false});
    REQUIRE(load->AddReject(Reject{"a.jsonl", 7, "Amount.NetValue: expected a number, got string", "{\"x\":\"\t\xC3\xA9\"}"}).ok());
    REQUIRE(load->AddReject(Reject{"a.jsonl", 9, "invalid JSON: TAPE_ERROR", "{"}).ok());
    Result<LoadCounts> c = load->Commit({});
    REQUIRE(c.ok());
    CHECK(c->rejected == 2);
    auto db = Inspect(target);
    auto rows = db->Rows("SELECT run_id, entity, file, line, reason, raw FROM etl_rejects ORDER BY line");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::vector<std::string>{std::to_string(*run), "OrderItem", "a.jsonl", "7",
                                              "Amount.NetValue: expected a number, got string", "{\"x\":\"\t\xC3\xA9\"}"});
    CHECK(rows[1][3] == "9");
  }
}

TEST_CASE("a text-keyed mapping (TaxRate, keyed by Code) inserts, updates, keeps and snapshots by its text key") {
  for (const Target& target : ContractTargets("textkey")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("TaxRate");
    REQUIRE(m.root.columns[m.key_column].type == ColumnType::kText);
    REQUIRE(m.children.size() == 1);
    MustMigrate(sink.get(), {&m});
    auto db = Inspect(target);
    auto all = MakeBatch(m, 0, 10), newer = MakeBatch(m, 0, 5, GenOptions{2, false, 3});
    LoadCounts first = MustLoad(sink.get(), m, {all.get()});
    CHECK(first.root().inserted == 10);
    CHECK(first.tables[1].inserted == 20);
    const std::string key = SqlLiteral(RecordKey(m, 3));
    CHECK(Count(*db, "tax_rates WHERE id = " + key) == "1");
    CHECK(Count(*db, m.children[0].name + " WHERE parent_id = " + key) == "2");
    LoadCounts again = MustLoad(sink.get(), m, {all.get()});
    CHECK(again.root().unchanged == 10);
    CHECK(again.root().inserted + again.root().updated == 0);
    CHECK(again.tables[1].unchanged == 20);
    LoadCounts up = MustLoad(sink.get(), m, {newer.get()});
    CHECK(up.root().updated == 5);
    CHECK(up.root().inserted == 0);
    CHECK(Count(*db, "tax_rates WHERE taxation_code LIKE '% v2'") == "5");
    CHECK(Count(*db, m.children[0].name + " WHERE parent_id = " + key) == "3");
    LoadContext full;
    full.full_snapshot = true;
    LoadCounts snap = MustLoad(sink.get(), m, {newer.get()}, full);
    CHECK(snap.root().unchanged == 5);
    CHECK(snap.root().deleted == 5);
    CHECK(Count(*db, "tax_rates WHERE _deleted_at IS NOT NULL AND id = " + SqlLiteral(RecordKey(m, 7))) == "1");
    auto rest = MakeBatch(m, 5, 5);
    LoadCounts back = MustLoad(sink.get(), m, {newer.get(), rest.get()}, full);
    CHECK(back.root().updated == 5);
    CHECK(back.root().unchanged == 5);
    CHECK(back.root().deleted == 0);
    CHECK(Count(*db, "tax_rates WHERE _deleted_at IS NOT NULL") == "0");
  }
}

}  // TEST_SUITE
}  // namespace mews::test
