// A sync that dies or is stopped at a bad moment: SIGKILL while polling, SIGKILL during the load,
// SIGTERM during the load. The tables stay as they were, the export stays recorded, and the next
// run resumes it instead of asking Mews for another one.
#include <doctest/doctest.h>
#include <signal.h>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

bool JournalHas(Inspector& db, const std::string& export_id) {
  return db.Value("SELECT count(*) FROM etl_exports WHERE id = '" + export_id + "'") == "1";
}

void KilledWhilePolling(const Target& target) {
  Sim sim({"--count", "60", "--processing-seconds", "600"});
  std::string work = TempDir("e2e-kill-poll");
  auto env = EtlEnv(sim);
  Child sync = StartEtl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
  REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 1; }));
  const std::string export_id = sim.Adds("Customer")[0].export_id;
  auto db = Inspect(target);
  REQUIRE(WaitFor([&] { return JournalHas(*db, export_id); }));
  REQUIRE(SignalChild(sync, SIGKILL));
  CHECK(WaitEtl(sync).signal == SIGKILL);

  ProcessResult status = Etl(StatusArgs(target));
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("Open exports:\n  " + export_id + " Customer") != std::string::npos);
  CHECK(status.out.find("running") != std::string::npos);

  sim.Control("/_sim/finish", R"({"id":")" + export_id + R"("})");
  ProcessResult rerun = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer", "--summary-json",
                                                           work + "/s.json", "--log-format", "json"}), env);
  INFO(rerun.out << rerun.err);
  REQUIRE(rerun.exit_code == 0);
  CHECK(rerun.err.find("{\"time\":") == 0);
  CHECK(sim.Adds("Customer").size() == 1);
  EntityFigures figures = ReadSummary(work + "/s.json")["Customer"];
  CHECK(figures.inserted == 60);
  CHECK(figures.export_ids == std::vector<std::string>{export_id});
  CHECK(db->Value("SELECT count(*) FROM customers") == "60");
  auto runs = db->Rows("SELECT status FROM etl_runs WHERE entity = 'Customer' ORDER BY id");
  CHECK(runs == std::vector<std::vector<std::string>>{{"interrupted"}, {"succeeded"}});

  status = Etl(StatusArgs(target));
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("Open exports:\n  (none)") != std::string::npos);
  CHECK(status.out.find("Customer               updated_utc") != std::string::npos);
  CHECK(status.out.find("interrupted") != std::string::npos);
  CHECK(status.out.find("succeeded") != std::string::npos);
}

// The export a killed run left behind expires before the rerun: the rerun asks for a new one.
void ExpiredBeforeRerun(const Target& target) {
  Sim sim({"--count", "30", "--processing-seconds", "600"});
  std::string work = TempDir("e2e-expired");
  auto env = EtlEnv(sim);
  Child sync = StartEtl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
  REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 1; }));
  const std::string first = sim.Adds("Customer")[0].export_id;
  auto db = Inspect(target);
  REQUIRE(WaitFor([&] { return JournalHas(*db, first); }));
  REQUIRE(SignalChild(sync, SIGKILL));
  WaitEtl(sync);
  sim.Control("/_sim/expire", R"({"id":")" + first + R"("})");
  Child rerun = StartEtl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
  REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 2; }));
  const std::string second = sim.Adds("Customer")[1].export_id;
  CHECK(sim.Adds("Customer")[1].filters_null);  // still the first, full export
  sim.Control("/_sim/finish", R"({"id":")" + second + R"("})");
  ProcessResult done = WaitEtl(rerun);
  INFO(done.out << done.err);
  CHECK(done.exit_code == 0);
  CHECK(sim.Adds("Customer").size() == 2);
  CHECK(db->Value("SELECT count(*) FROM customers") == "30");
  CHECK(db->Value("SELECT count(DISTINCT _export_id) FROM customers") == "1");
  CHECK(db->Value("SELECT DISTINCT CAST(_export_id AS TEXT) FROM customers") == second);
}

void TerminatedWhilePolling(const Target& target) {
  Sim sim({"--count", "40", "--processing-seconds", "600"});
  std::string work = TempDir("e2e-term-poll");
  auto env = EtlEnv(sim);
  Child sync = StartEtl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
  REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 1; }));
  const std::string export_id = sim.Adds("Customer")[0].export_id;
  auto db = Inspect(target);
  REQUIRE(WaitFor([&] { return JournalHas(*db, export_id); }));
  REQUIRE(SignalChild(sync, SIGTERM));
  bool ended = WaitFor([&] { return !ChildRunning(sync); });
  if (!ended) SignalChild(sync, SIGKILL);
  ProcessResult stopped = WaitEtl(sync);
  INFO(stopped.out << stopped.err);
  REQUIRE(ended);  // the poll wait is interrupted, not sat out
  CHECK(stopped.exit_code == 1);
  CHECK(ErrorLines(stopped.err).size() == 1);
  CHECK(LastRun(*db, "Customer")[0] == "interrupted");
  CHECK(JournalHas(*db, export_id));
  sim.Control("/_sim/finish", R"({"id":")" + export_id + R"("})");
  ProcessResult rerun = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
  INFO(rerun.out << rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK(sim.Adds("Customer").size() == 1);
  CHECK(db->Value("SELECT count(*) FROM customers") == "40");
}

// A Customer target with 100 rows loaded and 5 of them edited in the simulator since; the next
// export has two files and the second is held back 2 s, so a load waits with its transaction open.
struct MidLoad {
  explicit MidLoad(const Target& t) : target(t), sim({"--count", "100", "--processing-seconds", "0",
                                                     "--files-per-export", "2"}) {
    work = TempDir("e2e-midload");
    env = EtlEnv(sim);
    env["PGAPPNAME"] = PgAppName(target);
    ProcessResult first = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    db = Inspect(target);
    before = DumpEntity(*db, "Customer");
    mark = Watermark();
    sim.Control("/_sim/mutate", R"({"entity":"Customer","update":[1,2,3,60,70]})");
    sim.Control("/_sim/faults", R"({"rules":[{"op":"file","file":2,"delay_ms":2000,"times":1}]})");
  }

  // Starts the sync and returns once its load transaction is open and waiting for the second file.
  Child StartAndWaitForLoad() {
    Child sync = StartEtl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
    REQUIRE(WaitFor([&] { return sim.Adds("Customer").size() == 2; }));
    export_id = sim.Adds("Customer")[1].export_id;
    REQUIRE(WaitFor([&] {
      for (const Sim::Request& q : sim.Requests()) {
        if (q.path == "/files/" + export_id + "-1.jsonl" && q.status == 200) return true;
      }
      return false;
    }));
    REQUIRE(WaitForOpenLoad(target));
    return sync;
  }

  // The rerun resumes the same export and applies exactly the 5 edits.
  void CheckRerun() {
    CHECK(DumpEntity(*db, "Customer") == before);
    CHECK(Watermark() == mark);  // moves only when a load commits
    CHECK(JournalHas(*db, export_id));
    ProcessResult rerun = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer", "--summary-json",
                                                             work + "/s.json"}), env);
    INFO(rerun.out << rerun.err);
    REQUIRE(rerun.exit_code == 0);
    CHECK(sim.Adds("Customer").size() == 2);
    EntityFigures figures = ReadSummary(work + "/s.json")["Customer"];
    CHECK(figures.export_ids == std::vector<std::string>{export_id});
    CHECK(figures.updated == 5);
    CHECK(figures.inserted == 0);
    CHECK(db->Value("SELECT count(*) FROM customers WHERE notes LIKE 'Edited by mews-sim%'") == "5");
    CHECK(db->Value("SELECT count(*) FROM customers") == "100");
  }

  std::string Watermark() {
    return db->Value("SELECT value FROM etl_watermarks WHERE entity = 'Customer' AND kind = 'updated_utc'");
  }

  Target target;
  Sim sim;
  std::string work, before, mark, export_id;
  std::map<std::string, std::string> env;
  std::unique_ptr<Inspector> db;
};

}  // namespace

TEST_SUITE("e2e.interrupt") {

TEST_CASE("a sync killed with SIGKILL while polling is resumed by the next run: one export, all data") {
  for (const Target& target : AllTargets("e2e_kill_poll")) {
    INFO(std::string(Label(target)));
    KilledWhilePolling(target);
  }
}

TEST_CASE("a sync killed with SIGKILL during the load leaves the tables unchanged and the rerun completes") {
  for (const Target& target : AllTargets("e2e_kill_load")) {
    INFO(std::string(Label(target)));
    MidLoad t(target);
    Child sync = t.StartAndWaitForLoad();
    REQUIRE(SignalChild(sync, SIGKILL));
    CHECK(WaitEtl(sync).signal == SIGKILL);
    t.CheckRerun();
    auto runs = t.db->Rows("SELECT status FROM etl_runs WHERE entity = 'Customer' ORDER BY id");
    CHECK(runs == std::vector<std::vector<std::string>>{{"succeeded"}, {"interrupted"}, {"succeeded"}});
  }
}

TEST_CASE("SIGTERM during the load rolls back, records the run as interrupted and keeps the export for "
          "the next run") {
  for (const Target& target : AllTargets("e2e_term_load")) {
    INFO(std::string(Label(target)));
    MidLoad t(target);
    Child sync = t.StartAndWaitForLoad();
    REQUIRE(SignalChild(sync, SIGTERM));
    ProcessResult stopped = WaitEtl(sync);
    INFO(stopped.out << stopped.err);
    CHECK(stopped.signal == 0);
    CHECK(stopped.exit_code == 1);
    CHECK(ErrorLines(stopped.err).size() == 1);
    CHECK(LastRun(*t.db, "Customer")[0] == "interrupted");
    t.CheckRerun();
  }
}

TEST_CASE("SIGTERM while waiting for the export ends the sync at once and the rerun resumes the export") {
  for (const Target& target : AllTargets("e2e_term_poll")) {
    INFO(std::string(Label(target)));
    TerminatedWhilePolling(target);
  }
}

TEST_CASE("a rerun after the recorded export expired asks Mews for a new one and loads it") {
  for (const Target& target : AllTargets("e2e_expired")) {
    INFO(std::string(Label(target)));
    ExpiredBeforeRerun(target);
  }
}

}  // TEST_SUITE
}  // namespace mews::test
