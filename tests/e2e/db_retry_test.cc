// A sync whose database goes away in the middle of a load: the loading session terminated with
// pg_terminate_backend, and the whole server restarted. The sync reconnects, loads the export again
// (upserts are idempotent) and ends with exactly the data of an undisturbed run; a database down
// for longer than --db-retry fails the sync with exit 1 and one line, and the rerun completes.
// The restarts use a PostgreSQL server of their own (scripts/pg-start), never the shared one.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

// A PostgreSQL server of this test alone, stopped and removed on destruction.
class OwnServer {
 public:
  OwnServer() {
    char tmpl[] = "/tmp/mews-etl-pgr.XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    chmod(dir_.c_str(), 0755);  // the server user must reach its data directory
    ProcessResult r = RunProcess({std::string(MEWS_SOURCE_DIR) + "/scripts/pg-start", dir_});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    url_ = r.out.substr(0, r.out.find('\n'));
  }
  ~OwnServer() { RunProcess({std::string(MEWS_SOURCE_DIR) + "/scripts/pg-stop", dir_}); }
  const std::string& url() const { return url_; }
  // Stops the server, keeps it down `seconds`, starts it again; returns once it accepts connections.
  void Restart(int seconds) {
    ProcessResult r = RunProcess({std::string(MEWS_SOURCE_DIR) + "/scripts/pg-restart", dir_, std::to_string(seconds)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }

 private:
  std::string dir_, url_;
};

// 100 Customers loaded, 5 of them edited in the simulator since; the next export has two files and
// the second is held back 2 s, so the sync's load waits with its transaction open.
struct Disturbed {
  explicit Disturbed(const Target& t) : target(t), sim({"--count", "100", "--processing-seconds", "0",
                                                       "--files-per-export", "2"}) {
    work = TempDir("e2e-dbretry");
    env = EtlEnv(sim);
    env["PGAPPNAME"] = PgAppName(target);
    ProcessResult first = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), env);
    INFO(first.out << first.err);
    REQUIRE(first.exit_code == 0);
    db = Inspect(target);
    for (const auto& row : db->Rows("SELECT id, _loaded_at FROM customers")) loaded_at[row[0]] = row[1];
    sim.Control("/_sim/mutate", R"({"entity":"Customer","update":[1,2,3,60,70]})");
    sim.Control("/_sim/faults", R"({"rules":[{"op":"file","file":2,"delay_ms":2000,"times":1}]})");
  }

  // Starts the sync with `extra` flags and returns once its load transaction is open.
  Child StartAndWaitForLoad(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--entity", "Customer", "--summary-json", work + "/s.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Child sync = StartEtl(SyncArgs(target, work + "/dl", args), env);
    REQUIRE(WaitForOpenLoad(target));
    return sync;
  }

  // Exactly what an undisturbed sync gives: the 5 edits, nothing else rewritten, nothing doubled.
  void CheckExact() {
    db = Inspect(target);  // a fresh session: the server may have restarted
    CHECK(db->Value("SELECT count(*) FROM customers") == "100");
    CHECK(db->Value("SELECT count(*) FROM customers WHERE notes LIKE 'Edited by mews-sim%'") == "5");
    auto untouched = db->Rows("SELECT id, _loaded_at FROM customers WHERE notes IS NULL OR notes NOT LIKE "
                              "'Edited by mews-sim%'");
    CHECK(untouched.size() == 95);
    for (const auto& row : untouched) CHECK(row[1] == loaded_at[row[0]]);  // not written again
    CHECK(db->Value("SELECT count(*) FROM etl_exports WHERE entity = 'Customer' AND status <> 'Loaded'") == "0");
  }

  std::vector<std::vector<std::string>> Runs() {
    return db->Rows("SELECT status, coalesce(error, '') FROM etl_runs WHERE entity = 'Customer' ORDER BY id");
  }

  Target target;
  Sim sim;
  std::string work;
  std::map<std::string, std::string> loaded_at;  // id -> _loaded_at after the first sync
  std::map<std::string, std::string> env;
  std::unique_ptr<Inspector> db;
};

Target OwnTarget(const OwnServer& server) {
  Target t;
  t.kind = DbKind::kPostgres;
  t.url = server.url();
  return t;
}

}  // namespace

TEST_SUITE("e2e.db_retry") {

TEST_CASE("a sync whose loading session is terminated reconnects, loads again and ends with exact data") {
  if (PgTestUrl().empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_PG_URL is not set");
    return;
  }
  Disturbed t(MakeTarget(DbKind::kPostgres, "e2e_terminate"));
  Child sync = t.StartAndWaitForLoad({});
  CHECK(t.db->Value("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                    "backend_xid IS NOT NULL AND application_name = '" + PgAppName(t.target) + "') k") == "1");
  ProcessResult done = WaitEtl(sync);
  INFO(done.out << done.err);
  CHECK(done.exit_code == 0);
  CHECK(ErrorLines(done.err).empty());
  CHECK(done.err.find("retrying in 1s") != std::string::npos);
  t.CheckExact();
  EntityFigures figures = ReadSummary(t.work + "/s.json")["Customer"];
  CHECK(figures.updated == 5);
  CHECK(figures.inserted == 0);
  auto runs = t.Runs();
  REQUIRE(runs.size() == 3);
  CHECK(runs[0][0] == "succeeded");
  CHECK(runs[1][0] == "failed");
  CHECK(runs[1][1].find("(retry 1 follows as the next run)") != std::string::npos);
  CHECK(runs[2] == std::vector<std::string>{"succeeded", ""});
}

TEST_CASE("a server restarted during a sync's load, down for less than --db-retry: the sync succeeds") {
  OwnServer server;
  Disturbed t(OwnTarget(server));
  Child sync = t.StartAndWaitForLoad({"--db-retry", "30"});
  server.Restart(2);
  ProcessResult done = WaitEtl(sync);
  INFO(done.out << done.err);
  CHECK(done.exit_code == 0);
  CHECK(ErrorLines(done.err).empty());
  t.CheckExact();
  auto runs = t.Runs();
  REQUIRE(runs.size() >= 3);
  CHECK(runs.front()[0] == "succeeded");
  CHECK(runs.back() == std::vector<std::string>{"succeeded", ""});
}

TEST_CASE("a server down for longer than --db-retry fails the sync with exit 1 and one line, the rerun "
          "completes") {
  OwnServer server;
  Disturbed t(OwnTarget(server));
  Child sync = t.StartAndWaitForLoad({"--db-retry", "3"});
  server.Restart(8);  // the sync gives up after waiting 1 + 2 s
  ProcessResult failed = WaitEtl(sync);
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  std::vector<std::string> errors = ErrorLines(failed.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("Customer: load of export ") != std::string::npos);
  CHECK(errors[0].find(" rolled back after 2 retries: ") != std::string::npos);
  ProcessResult rerun = Etl(SyncArgs(t.target, t.work + "/dl", {"--entity", "Customer"}), t.env);
  INFO(rerun.out << rerun.err);
  CHECK(rerun.exit_code == 0);
  t.CheckExact();
  CHECK(t.sim.Adds("Customer").size() == 2);  // the rerun resumed the export the failed sync created
}

}  // TEST_SUITE
}  // namespace mews::test
