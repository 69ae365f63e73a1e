// Merging in rounds (load/README.md, "Merging in rounds"), PostgreSQL only: a load into populated
// tables merges its changed records whose id it had certainly not seen while the rest stream in.
// Each case loads the same batches into two schemas, one merging in rounds after every batch and
// one never, and requires the same rows, lineage and counts; the lock a round takes shows it ran.
// The contract and hash-skip suites also run on a target merging in rounds (ContractTargets).
#include <doctest/doctest.h>

#include <string>

#include "load/ddl.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

// Two fresh PostgreSQL schemas: [0] merges in rounds after every batch, [1] never.
std::vector<Target> Pair(const std::string& name) {
  std::vector<Target> out;
  if (PgTestUrl().empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_REQUIRE_PG=1 but MEWS_ETL_TEST_PG_URL is not set");
    return out;
  }
  out.push_back(MakeTarget(DbKind::kPostgres, name + "_rounds"));
  out[0].rounds = true;
  out[0].options.pg_rounds = EveryBatchRounds();
  out.push_back(MakeTarget(DbKind::kPostgres, name + "_plain"));
  out[1].options.pg_rounds.first_after_bytes = -1;
  return out;
}

// Every table of the entity and etl_rejects, rows as JSON without _loaded_at, ordered; and which
// root rows this load wrote (their _loaded_at is the latest).
std::string Contents(Inspector& db, const EntityMapping& m) {
  std::string out;
  auto dump = [&](const std::string& table, const std::string& order) {
    out += table + ":\n";
    for (const auto& row : db.Rows("SELECT to_jsonb(t) - '_loaded_at' FROM " + table + " t ORDER BY " + order)) {
      out += row[0] + "\n";
    }
  };
  dump(m.root.name, "id");
  for (const Table& c : m.children) dump(c.name, "parent_id, ordinal");
  out += "rejects: " + db.Value("SELECT string_agg(concat_ws('|', entity, file, line, reason, raw), '/' ORDER BY "
                                "line) FROM etl_rejects");
  out += "\nwritten: " + db.Value("SELECT string_agg(id::text, ',' ORDER BY id) FROM " + m.root.name +
                                  " WHERE _loaded_at = (SELECT max(_loaded_at) FROM " + m.root.name + ")");
  return out;
}

// Records first .. first + count - 1 at `version`.
std::unique_ptr<RowBatch> Records(const EntityMapping& m, uint64_t first, uint64_t count, int version) {
  return MakeBatch(m, first, count, GenOptions{version, false, 2});
}

// Whether a session other than `db`'s holds ROW EXCLUSIVE on the root table: a load's merge does.
bool RootHeld(Inspector& db, const EntityMapping& m) {
  return db.Value("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE "
                  "c.relnamespace = current_schema()::regnamespace AND c.relname = '" + m.root.name +
                  "' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()") != "0";
}

// Loads 100 records (v1), then `batches` in one load (with `reject` added after the second batch
// when it is set) into both targets of the pair; requires equal contents and counts. Returns
// whether the rounds target's load held the root table after its second batch (a round ran).
bool LoadBoth(const std::vector<Target>& pair, const EntityMapping& m, const std::vector<const RowBatch*>& batches,
              const Reject* reject = nullptr) {
  std::string contents[2], counts[2];
  bool held = false;
  for (size_t i = 0; i < pair.size(); ++i) {
    INFO(std::string(i == 0 ? "rounds" : "no rounds"));
    auto sink = MustOpen(pair[i]);
    MustMigrate(sink.get(), {&m});
    auto stored = Records(m, 0, 100, 1);
    MustLoad(sink.get(), m, {stored.get()});
    auto db = Inspect(pair[i]);
    auto load = MustBegin(sink.get(), m);
    for (size_t b = 0; b < batches.size(); ++b) {
      Status s = load->Write(*batches[b]);
      REQUIRE_MESSAGE(s.ok(), s.message());
      if (b == 1 && reject) REQUIRE(load->AddReject(*reject).ok());
      if (b == 1 && i == 0) held = RootHeld(*db, m);
      if (b == 1 && i == 1) CHECK(!RootHeld(*db, m));
    }
    Result<LoadCounts> c = load->Commit({});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    counts[i] = CountsText(*c);
    contents[i] = Contents(*db, m);
  }
  CHECK(counts[0] == counts[1]);
  CHECK(contents[0] == contents[1]);
  return held;
}

}  // namespace

TEST_SUITE("load.contract") {

TEST_CASE("PostgreSQL: a re-export merged in rounds holds its rows from the first round and ends as without") {
  const std::vector<Target> pair = Pair("rounds_plain_reexport");
  if (pair.empty()) return;
  const EntityMapping& m = Mapping("OrderItem");
  // Ids 0-99 stored at v1. Batches of 20: one in four changed (v2) or newer, and new ids 100-139.
  std::vector<std::unique_ptr<RowBatch>> owned;
  for (uint64_t b = 0; b < 7; ++b) {
    auto batch = std::make_unique<RowBatch>(&m);
    for (uint64_t i = b * 20; i < b * 20 + 20; ++i) AddRecord(batch.get(), i, GenOptions{i % 4 == 0 ? 2 : 1, false, 2});
    owned.push_back(std::move(batch));
  }
  std::vector<const RowBatch*> batches;
  for (const auto& b : owned) batches.push_back(b.get());
  CHECK(LoadBoth(pair, m, batches));
}

TEST_CASE("PostgreSQL: a later copy of an id a round merged sends the load back to one merge at the end") {
  const EntityMapping& m = Mapping("OrderItem");
  // Ids 0-19 changed (v2), merged by the first round; then a second batch; then one later copy:
  // newer (v3), older (v1: the stored version, skipped as unchanged), or the same (v2 again).
  for (int later : {3, 1, 2}) {
    INFO("later copy at v" << later);
    const std::vector<Target> pair = Pair("rounds_repeat_v" + std::to_string(later));
    if (pair.empty()) return;
    auto first = Records(m, 0, 20, 2), second = Records(m, 20, 20, 2), repeat = Records(m, 5, 1, later);
    CHECK(LoadBoth(pair, m, {first.get(), second.get(), repeat.get()}));
  }
}

TEST_CASE("PostgreSQL: a repeat at the very end, in the last round's batch, is found too") {
  const std::vector<Target> pair = Pair("rounds_repeat_last");
  if (pair.empty()) return;
  const EntityMapping& m = Mapping("OrderItem");
  auto first = Records(m, 0, 20, 2), second = Records(m, 20, 20, 2);
  RowBatch last(&m);  // a new id, then id 25 again, newer: its first copy went to the second round
  AddRecord(&last, 150, GenOptions{2, false, 2});
  AddRecord(&last, 25, GenOptions{3, false, 3});
  CHECK(LoadBoth(pair, m, {first.get(), second.get(), &last}));
}

TEST_CASE("PostgreSQL: rejects stored after the first round are kept once, whether rounds stay or are undone") {
  const EntityMapping& m = Mapping("OrderItem");
  const Reject reject{"day\t1.jsonl", 7, "Amount: expected an object, got \"x\"", "{\"Id\": \"a\\\\b\",\n\t\"x\": 1}"};
  for (bool repeat : {false, true}) {
    INFO("repeat " << repeat);
    const std::vector<Target> pair = Pair(repeat ? "rounds_reject_undone" : "rounds_reject_kept");
    if (pair.empty()) return;
    auto first = Records(m, 0, 20, 2), second = Records(m, 20, 20, 2);
    auto third = repeat ? Records(m, 3, 1, 3) : Records(m, 60, 10, 2);
    CHECK(LoadBoth(pair, m, {first.get(), second.get(), third.get()}, &reject));
    auto db = Inspect(pair[0]);
    CHECK(db->Value("SELECT count(*) FROM etl_rejects WHERE raw = " + SqlLiteral(reject.raw) + " AND file = " +
                    SqlLiteral(reject.file)) == "1");
  }
}

// A load in which most records changed (a re-load of every record) ends on the bulk path, which
// merging in place in rounds would only slow: rounds stop once more than a quarter changed.
TEST_CASE("PostgreSQL: rounds stay off in a load where more than a quarter of the records changed") {
  if (PgTestUrl().empty()) return;
  const EntityMapping& m = Mapping("OrderItem");
  for (int every : {1, 10}) {
    INFO("every " << every << "th record changed");
    Target target = MakeTarget(DbKind::kPostgres, "rounds_share_" + std::to_string(every));
    target.options.pg_rounds = EveryBatchRounds();
    target.options.pg_rounds.max_changed_share = 0.25;
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {&m});
    auto stored = Records(m, 0, 200, 1);
    MustLoad(sink.get(), m, {stored.get()});
    auto db = Inspect(target);
    std::vector<std::unique_ptr<RowBatch>> batches;
    for (uint64_t b = 0; b < 4; ++b) {
      batches.push_back(std::make_unique<RowBatch>(&m));
      for (uint64_t i = b * 50; i < b * 50 + 50; ++i) {
        AddRecord(batches.back().get(), i, GenOptions{i % every == 0 ? 2 : 1, false, 2});
      }
    }
    auto load = MustBegin(sink.get(), m);
    REQUIRE(load->Write(*batches[0]).ok());
    REQUIRE(load->Write(*batches[1]).ok());
    CHECK(RootHeld(*db, m) == (every == 10));
    REQUIRE(load->Write(*batches[2]).ok());
    REQUIRE(load->Write(*batches[3]).ok());
    Result<LoadCounts> counts = load->Commit({});
    REQUIRE(counts.ok());
    CHECK(counts->root().updated == 200 / every);
    CHECK(counts->root().unchanged == 200 - 200 / every);
  }
}

TEST_CASE("PostgreSQL: a full snapshot and a load into empty tables never merge in rounds") {
  if (PgTestUrl().empty()) return;
  const EntityMapping& m = Mapping("OrderItem");
  Target target = MakeTarget(DbKind::kPostgres, "rounds_never");
  target.options.pg_rounds = EveryBatchRounds();
  auto sink = MustOpen(target);
  MustMigrate(sink.get(), {&m});
  auto db = Inspect(target);
  auto a = Records(m, 0, 20, 1), b = Records(m, 20, 20, 1);
  {  // into empty tables: the direct path
    auto load = MustBegin(sink.get(), m);
    REQUIRE(load->Write(*a).ok());
    REQUIRE(load->Write(*b).ok());
    CHECK(!RootHeld(*db, m));
    REQUIRE(load->Commit({}).ok());
  }
  LoadContext snapshot;
  snapshot.full_snapshot = true;
  auto c = Records(m, 0, 20, 2), d = Records(m, 40, 20, 2);
  auto load = MustBegin(sink.get(), m, snapshot);
  REQUIRE(load->Write(*c).ok());
  REQUIRE(load->Write(*d).ok());
  CHECK(!RootHeld(*db, m));
  Result<LoadCounts> counts = load->Commit({});
  REQUIRE(counts.ok());
  CHECK(counts->root().updated == 20);
  CHECK(counts->root().inserted == 20);
  CHECK(counts->root().deleted == 20);
}

}  // TEST_SUITE
}  // namespace mews::test
