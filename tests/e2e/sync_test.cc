// mews-etl sync end to end: a first full sync of every type, an incremental second sync that asks
// for exactly the window after the watermark and rewrites only what changed, and --full marking
// deleted rows and unmarking the ones that come back.
#include <doctest/doctest.h>

#include <algorithm>
#include <ctime>

#include "schemas/registry.h"
#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

constexpr int kCount = 120;

std::string PostingFrom() {
  std::time_t t = std::time(nullptr) - 400 * 86400;
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// The types a sync without --entity covers: all but LedgerEntry.
std::vector<std::string> SyncedByDefault() {
  std::vector<std::string> out;
  for (const std::string& e : AllEntityTypes()) {
    if (e != "LedgerEntry") out.push_back(e);
  }
  return out;
}

// Every type's root table holds exactly kCount rows, none marked deleted.
void CheckAllCounts(Inspector& db) {
  for (const std::string& entity : AllEntityTypes()) {
    INFO(entity);
    CHECK(db.Value("SELECT count(*) FROM " + RootTable(entity)) == std::to_string(kCount));
    CHECK(db.Value("SELECT count(*) FROM " + RootTable(entity) + " WHERE _deleted_at IS NOT NULL") == "0");
  }
}

// id -> _loaded_at of every row of `entity`.
std::map<std::string, std::string> LoadedAt(Inspector& db, const std::string& entity) {
  std::map<std::string, std::string> out;
  for (const auto& row : db.Rows("SELECT id, _loaded_at FROM " + RootTable(entity))) out[row[0]] = row[1];
  return out;
}

// Runs `mews-etl sync` with `extra` and requires success.
void MustSync(const Target& target, const Sim& sim, const std::string& work, const std::vector<std::string>& extra) {
  ProcessResult r = Etl(SyncArgs(target, work + "/dl", extra), EtlEnv(sim));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

// The first sync of every type (the default set, then LedgerEntry by posting date): full exports.
void FirstSync(const Target& target, Sim& sim, const std::string& work) {
  MustSync(target, sim, work, {"--summary-json", work + "/s1.json"});
  MustSync(target, sim, work, {"--entity", "LedgerEntry", "--posting-from", PostingFrom()});
  CheckAllCounts(*Inspect(target));
  std::map<std::string, EntityFigures> s1 = ReadSummary(work + "/s1.json");
  CHECK(s1.size() == SyncedByDefault().size());
  for (const std::string& entity : SyncedByDefault()) CHECK(s1[entity].inserted == kCount);
  for (const Sim::Request& add : sim.Adds()) CHECK((add.filters_null || add.entity == "LedgerEntry"));
  CHECK(sim.Adds("LedgerEntry").at(0).posting_start == PostingFrom());
}

std::string UpdatedMark(Inspector& db, const std::string& entity) {
  return db.Value("SELECT value FROM etl_watermarks WHERE entity = '" + entity + "' AND kind = 'updated_utc'");
}

// Every add of the second sync asked for [watermark, now - 5 min) and the watermark moved to its end.
void CheckSecondWindows(Inspector& db, const std::vector<Sim::Request>& adds, double started, double finished) {
  for (const Sim::Request& add : adds) {
    INFO(add.entity);
    CHECK_FALSE(add.filters_null);
    CHECK(add.updated_end == UpdatedMark(db, add.entity));
    double end = EpochSeconds(add.updated_end);
    CHECK(end >= started - 300 - 1);
    CHECK(end <= finished - 300);
  }
}

// Only the edited rows were rewritten: counts in the summary, _loaded_at of the others unchanged.
void CheckSecondCounts(Inspector& db, const std::string& summary, const std::map<std::string, std::string>& before,
                       const std::vector<std::string>& edited) {
  std::map<std::string, EntityFigures> s2 = ReadSummary(summary);
  for (const std::string& entity : SyncedByDefault()) {
    INFO(entity);
    CHECK(s2[entity].status == "succeeded");
    CHECK(s2[entity].inserted == 0);
    CHECK(s2[entity].deleted == 0);
    CHECK(s2[entity].updated == (entity == "Customer" ? 4 : entity == "OrderItem" ? 2 : 0));
  }
  CheckAllCounts(db);
  std::map<std::string, std::string> after = LoadedAt(db, "Customer");
  REQUIRE(after.size() == before.size());
  for (const auto& [id, loaded_at] : before) {
    bool is_edited = std::find(edited.begin(), edited.end(), id) != edited.end();
    INFO(id);
    CHECK((after[id] == loaded_at) == !is_edited);
  }
  for (const std::string& id : edited) {
    CHECK(db.Value("SELECT notes FROM customers WHERE id = '" + id + "'").find("Edited by mews-sim") == 0);
  }
}

void FirstThenIncremental(const Target& target) {
  Sim sim({"--count", std::to_string(kCount), "--processing-seconds", "0", "--files-per-export", "2"});
  std::string work = TempDir("e2e-incr");
  FirstSync(target, sim, work);
  auto db = Inspect(target);
  const std::string mark = UpdatedMark(*db, "Customer");
  std::map<std::string, std::string> before = LoadedAt(*db, "Customer");
  size_t adds_before = sim.Adds().size();
  sim.Control("/_sim/mutate", R"({"entity":"Customer","update":[3,7,11,90]})");
  sim.Control("/_sim/mutate", R"({"entity":"OrderItem","update":[1,100]})");

  double started = NowSeconds();
  MustSync(target, sim, work, {"--summary-json", work + "/s2.json"});
  double finished = NowSeconds();
  std::vector<Sim::Request> adds = sim.Adds();
  REQUIRE(adds.size() == adds_before + SyncedByDefault().size());
  CheckSecondWindows(*db, {adds.begin() + adds_before, adds.end()}, started, finished);
  CHECK(EpochSeconds(sim.Adds("Customer").back().updated_start) == EpochSeconds(mark));
  CheckSecondCounts(*db, work + "/s2.json", before, SimRecordIds("Customer", {3, 7, 11, 90}));
}

std::string IsoHoursAgo(int hours) {
  std::time_t t = std::time(nullptr) - hours * 3600;
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// A backfill of an old window asks for exactly that window and leaves the watermark alone; one that
// starts at the watermark moves it forward to its end.
void BackfillKeepsWatermark(const Target& target) {
  Sim sim({"--count", "40", "--processing-seconds", "0"});
  std::string work = TempDir("e2e-backfill");
  auto env = EtlEnv(sim);
  auto sync = [&](std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--entity", "Customer"});
    ProcessResult r = Etl(SyncArgs(target, work + "/dl", extra), env);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  };
  sync({});
  auto db = Inspect(target);
  const std::string query = "SELECT value FROM etl_watermarks WHERE entity = 'Customer'";
  const std::string mark = db->Value(query);
  REQUIRE_FALSE(mark.empty());

  sync({"--since", "2020-01-01T00:00:00Z", "--until", "2020-03-01T00:00:00Z"});
  REQUIRE(sim.Adds("Customer").size() == 2);
  CHECK(EpochSeconds(sim.Adds("Customer")[1].updated_start) == EpochSeconds("2020-01-01T00:00:00Z"));
  CHECK(EpochSeconds(sim.Adds("Customer")[1].updated_end) == EpochSeconds("2020-03-01T00:00:00Z"));
  CHECK(db->Value(query) == mark);
  CHECK(db->Value("SELECT count(*) FROM customers") == "40");

  const std::string until = IsoHoursAgo(1);
  sync({"--since", mark, "--until", until});
  REQUIRE(sim.Adds("Customer").size() == 3);
  CHECK(EpochSeconds(sim.Adds("Customer")[2].updated_start) == EpochSeconds(mark));
  CHECK(EpochSeconds(db->Value(query)) == EpochSeconds(until));
}

void FullMarksDeleted(const Target& target) {
  Sim sim({"--count", "80", "--processing-seconds", "0"});
  std::string work = TempDir("e2e-full");
  auto env = EtlEnv(sim);
  auto sync = [&](const std::string& summary) {
    ProcessResult r = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer", "--full", "--summary-json",
                                                         work + "/" + summary}), env);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return ReadSummary(work + "/" + summary)["Customer"];
  };
  CHECK(sync("s1.json").inserted == 80);
  std::vector<std::string> gone = SimRecordIds("Customer", {4, 9, 20});
  sim.Control("/_sim/mutate", R"({"entity":"Customer","delete":[4,9,20]})");
  CHECK(sync("s2.json").deleted == 3);
  auto db = Inspect(target);
  auto marked = [&] {
    std::vector<std::string> out;
    for (const auto& row : db->Rows("SELECT id FROM customers WHERE _deleted_at IS NOT NULL ORDER BY id")) {
      out.push_back(row[0]);
    }
    return out;
  };
  std::vector<std::string> expected = gone;
  std::sort(expected.begin(), expected.end());
  CHECK(marked() == expected);
  CHECK(db->Value("SELECT count(*) FROM customers") == "80");

  sim.Control("/_sim/mutate", R"({"entity":"Customer","restore":[9]})");
  EntityFigures third = sync("s3.json");
  CHECK(third.deleted == 0);
  expected = {gone[0], gone[2]};
  std::sort(expected.begin(), expected.end());
  CHECK(marked() == expected);
  CHECK(db->Value("SELECT _deleted_at IS NULL FROM customers WHERE id = '" + gone[1] + "'") ==
        (target.pg() ? "t" : "1"));
}

}  // namespace

TEST_SUITE("e2e.sync") {

TEST_CASE("a first sync loads every type and a second sync asks for the window after the watermark and "
          "rewrites only the changed rows") {
  for (const Target& target : AllTargets("e2e_incremental")) {
    INFO(std::string(Label(target)));
    FirstThenIncremental(target);
  }
}

TEST_CASE("--full marks exactly the rows deleted in Mews and unmarks a row that comes back") {
  for (const Target& target : AllTargets("e2e_full")) {
    INFO(std::string(Label(target)));
    FullMarksDeleted(target);
  }
}

TEST_CASE("a backfill asks for its own window and never moves the watermark backwards") {
  for (const Target& target : AllTargets("e2e_backfill")) {
    INFO(std::string(Label(target)));
    BackfillKeepsWatermark(target);
  }
}

}  // TEST_SUITE
}  // namespace mews::test
