// Two syncs of one type on one database never load at once: with --on-locked exit the second ends
// at once with one line naming the lock; with --on-locked wait it waits, then finds nothing new.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

// Moves every export of the simulator to Success as soon as it is created, until `children` end.
void FinishExportsUntilDone(Sim& sim, std::vector<Child*> children) {
  std::set<std::string> finished;
  CHECK(WaitFor([&] {
    for (const Sim::Request& add : sim.Adds()) {
      if (finished.insert(add.export_id).second) sim.Control("/_sim/finish", R"({"id":")" + add.export_id + R"("})");
    }
    for (Child* c : children) {
      if (ChildRunning(*c)) return false;
    }
    return true;
  }));
}

// One row per Customer, one child row per (parent, ordinal).
void CheckNoDuplicates(const Target& target) {
  auto db = Inspect(target);
  CHECK(db->Value("SELECT count(*) FROM customers") == "100");
  CHECK(db->Value("SELECT count(DISTINCT id) FROM customers") == "100");
  for (const std::string& table : AllTables("Customer")) {
    if (table == "customers") continue;
    INFO(table);
    CHECK(db->Value("SELECT count(*) FROM (SELECT parent_id, ordinal FROM " + table +
                    " GROUP BY parent_id, ordinal HAVING count(*) > 1) d") == "0");
  }
}

// A sync with --on-locked exit while another holds the lock: exit 1, one error line naming it.
void CheckRefused(const ProcessResult& refused, const std::string& summary) {
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  std::vector<std::string> errors = ErrorLines(refused.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("Customer: another mews-etl process is loading Customer") != std::string::npos);
  CHECK(errors[0].find("lock") != std::string::npos);
  CHECK(ReadSummary(summary)["Customer"].status == "locked");
}

void TwoSyncs(const Target& target) {
  Sim sim({"--count", "100", "--processing-seconds", "600"});
  std::string work = TempDir("e2e-lock");
  auto env = EtlEnv(sim);
  auto args = [&](const std::string& name, const std::string& on_locked) {
    return SyncArgs(target, work + "/" + name, {"--entity", "Customer", "--on-locked", on_locked,
                                               "--summary-json", work + "/" + name + ".json"});
  };
  Child first = StartEtl(args("first", "wait"), env);
  REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 1; }));  // it holds the lock by now

  CheckRefused(Etl(args("refused", "exit"), env), work + "/refused.json");
  CHECK(sim.Adds("Customer").size() == 1);

  Child waiting = StartEtl(args("waiting", "wait"), env);
  REQUIRE(WaitFor([&] { return ReadFile(waiting.dir + "/err").find("waiting for the Customer lock") != std::string::npos; }));
  CHECK(ChildRunning(first));
  FinishExportsUntilDone(sim, {&first, &waiting});
  ProcessResult a = WaitEtl(first), b = WaitEtl(waiting);
  INFO(a.out << a.err << b.out << b.err);
  CHECK(a.exit_code == 0);
  CHECK(b.exit_code == 0);
  EntityFigures fa = ReadSummary(work + "/first.json")["Customer"];
  EntityFigures fb = ReadSummary(work + "/waiting.json")["Customer"];
  CHECK(fa.inserted == 100);
  CHECK(fb.inserted == 0);
  CHECK(fb.updated == 0);
  std::vector<Sim::Request> adds = sim.Adds("Customer");
  REQUIRE(adds.size() == 2);
  CHECK(adds[0].filters_null);
  CHECK_FALSE(adds[1].updated_start.empty());  // the waiting run planned after the first committed
  CheckNoDuplicates(target);
}

}  // namespace

TEST_SUITE("e2e.lock") {

TEST_CASE("a second sync of a type that is being synced exits with one line naming the lock, or waits and "
          "then finds nothing new") {
  for (const Target& target : AllTargets("e2e_lock")) {
    INFO(std::string(Label(target)));
    TwoSyncs(target);
  }
}

}  // TEST_SUITE
}  // namespace mews::test
