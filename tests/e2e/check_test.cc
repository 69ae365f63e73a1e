// mews-etl check, the preflight (issue 14): every line ok and FAIL (with its fix) against mews-sim,
// SQLite files and the real PostgreSQL; exit 0 only when all pass; --json for machines.
#include <doctest/doctest.h>
#include <simdjson.h>
#include <sqlite3.h>

#include <sstream>

#include "tests/e2e/e2e_util.h"
#include "tests/e2e/test_certs.h"

namespace mews::test {
namespace {

struct CheckRun {
  ProcessResult result;
  std::map<std::string, std::string> lines;  // check name -> its whole line
  bool ok(const std::string& name) const { return Line(name).rfind("ok   " + name + ": ", 0) == 0; }
  bool failed(const std::string& name) const { return Line(name).rfind("FAIL " + name + ": ", 0) == 0; }
  std::string Line(const std::string& name) const {
    auto it = lines.find(name);
    return it == lines.end() ? "" : it->second;
  }
};

CheckRun Check(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {"check"};
  argv.insert(argv.end(), args.begin(), args.end());
  CheckRun run;
  run.result = Etl(argv, env);
  std::istringstream out(run.result.out);
  for (std::string line; std::getline(out, line);) {
    size_t start = line.find(' ', 0);
    start = line.find_first_not_of(' ', start);
    run.lines[line.substr(start, line.find(':') - start)] = line;
  }
  return run;
}

std::vector<std::string> Args(const Target& target, const std::string& work_dir,
                              const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = DbArgs(target);
  args.insert(args.end(), {"--work-dir", work_dir});
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

const char* kAll[] = {"config", "api-host", "tls", "tokens", "database", "schema", "work-dir"};

void Migrate(const Target& target) {
  std::vector<std::string> args = {"schema"};
  for (const std::string& a : DbArgs(target)) args.push_back(a);
  ProcessResult r = Etl(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

}  // namespace

TEST_SUITE("e2e.check") {
  TEST_CASE("check passes every line against mews-sim and a migrated database, as text and as JSON") {
    Sim sim({"--count", "5"});
    for (const Target& target : AllTargets("check_ok")) {
      INFO(Label(target));
      Migrate(target);
      std::string work = TempDir("check-work") + "/downloads";
      CheckRun run = Check(Args(target, work), EtlEnv(sim));
      INFO(run.result.out << run.result.err);
      CHECK(run.result.exit_code == 0);
      CHECK(run.lines.size() == 7);
      for (const char* name : kAll) CHECK_MESSAGE(run.ok(name), name);
      CHECK(run.Line("tokens").find("accepted: exports/getAll answered 200") != std::string::npos);
      CHECK(run.Line("tls").find("not used: plain http to a loopback address") != std::string::npos);
      CHECK(run.Line("work-dir").find(work + " (to be created) has ") != std::string::npos);

      std::vector<std::string> json_args = {"check"};
      for (const std::string& a : Args(target, work, {"--json"})) json_args.push_back(a);
      ProcessResult json = Etl(json_args, EtlEnv(sim));
      CHECK(json.exit_code == 0);
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      REQUIRE_MESSAGE(!parser.parse(json.out).get(doc), json.out);
      CHECK(doc["ok"].get_bool().value() == true);
      CHECK(doc["checks"].get_array().size() == 7);
      CHECK(std::string(doc["checks"].at(3)["name"].get_string().value()) == "tokens");
    }
    // One getAll per check run, none an export.
    CHECK(sim.Adds().empty());
  }

  TEST_CASE("check FAILs tokens with 401 for wrong tokens and 403 with the Partner Success advice") {
    Target target = MakeTarget(DbKind::kSqlite, "check_tokens");
    Migrate(target);
    std::string work = TempDir("check-tokens");
    {
      Sim sim({"--count", "5"});
      std::map<std::string, std::string> env = EtlEnv(sim);
      env["MEWS_ACCESS_TOKEN"] = "not-the-token";
      CheckRun run = Check(Args(target, work), env);
      INFO(run.result.out << run.result.err);
      CHECK(run.result.exit_code == 1);
      CHECK(run.failed("tokens"));
      CHECK(run.Line("tokens").find("Mews rejected the tokens (HTTP 401)") != std::string::npos);
      CHECK(run.Line("tokens").find("fix: set MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN") != std::string::npos);
      CHECK(run.ok("tls"));
      CHECK(run.ok("database"));
      CHECK(run.result.err.find("check: 1 of 7 checks failed") != std::string::npos);
    }
    Sim sim({"--count", "5", "--faults", R"([{"op":"getAll","status":403}])"});
    CheckRun run = Check(Args(target, work), EtlEnv(sim));
    INFO(run.result.out);
    CHECK(run.result.exit_code == 1);
    CHECK(run.failed("tokens"));
    CHECK(run.Line("tokens").find("(HTTP 403): the export operations are not enabled") != std::string::npos);
    CHECK(run.Line("tokens").find("fix: ask Mews Partner Success to enable the export operations") != std::string::npos);
  }

  TEST_CASE("check FAILs the configuration, a host that does not resolve, and an untrusted TLS certificate") {
    Target target = MakeTarget(DbKind::kSqlite, "check_api");
    Migrate(target);
    std::string work = TempDir("check-api");
    Sim plain({"--count", "5"});
    std::map<std::string, std::string> env = EtlEnv(plain);
    env["MEWS_CLIENT_TOKEN"] = "";
    CheckRun config = Check(Args(target, work), env);
    CHECK(config.result.exit_code == 1);
    CHECK(config.Line("config").find("FAIL config: MEWS_CLIENT_TOKEN is not set") == 0);
    CHECK(config.failed("tokens"));
    CHECK(config.ok("database"));

    env = EtlEnv(plain);
    env["MEWS_API_URL"] = "https://mews-etl-check.invalid";
    CheckRun dns = Check(Args(target, work), env);
    CHECK(dns.result.exit_code == 1);
    CHECK(dns.Line("api-host").find("FAIL api-host: cannot resolve mews-etl-check.invalid") == 0);
    CHECK(dns.failed("tls"));

    TestCerts certs = MakeTestCerts();
    Sim tls({"--count", "5", "--tls-cert", certs.self_cert, "--tls-key", certs.self_key});
    CheckRun refused = Check(Args(target, work), EtlEnv(tls));
    INFO(refused.result.out);
    CHECK(refused.result.exit_code == 1);
    CHECK(refused.ok("api-host"));
    CHECK(refused.failed("tls"));
    CHECK(refused.Line("tls").find("TLS certificate of 127.0.0.1 not trusted") != std::string::npos);
    CHECK(refused.Line("tls").find("fix: trust the server's CA with --ca-file FILE") != std::string::npos);
    CHECK(refused.failed("tokens"));
    CheckRun trusted = Check(Args(target, work, {"--ca-file", certs.self_cert}), EtlEnv(tls));
    CHECK(trusted.result.exit_code == 0);
    CHECK(trusted.Line("tls").find("ok   tls: certificate of 127.0.0.1 verified against the CA file " +
                                   certs.self_cert) == 0);
    CHECK(trusted.ok("tokens"));
  }

  TEST_CASE("check FAILs a database that is unreachable or read-only, and names the pending migration without applying it") {
    Sim sim({"--count", "5"});
    std::string work = TempDir("check-db");
    for (const Target& target : AllTargets("check_db")) {
      INFO(Label(target));
      Target gone = target;
      gone.url = target.pg() ? "postgresql://etl:wrong-password@127.0.0.1:1/etl"
                             : "sqlite:" + work + "/no-such-dir/x.db";
      CheckRun unreachable = Check(Args(gone, work), EtlEnv(sim));
      CHECK(unreachable.result.exit_code == 1);
      CHECK(unreachable.failed("database"));
      CHECK(unreachable.Line("database").find("fix: check --db / MEWS_ETL_DB") != std::string::npos);
      CHECK(unreachable.failed("schema"));

      CheckRun fresh = Check(Args(target, work), EtlEnv(sim));
      INFO(fresh.result.out);
      CHECK(fresh.result.exit_code == 1);
      CHECK(fresh.ok("database"));
      CHECK(fresh.Line("schema").find("migration statement(s) pending, first: CREATE ") != std::string::npos);
      CHECK(fresh.Line("schema").find("fix: run 'mews-etl schema'") != std::string::npos);
      CheckRun again = Check(Args(target, work), EtlEnv(sim));  // nothing was applied
      CHECK(again.Line("schema") == fresh.Line("schema"));
      Migrate(target);
      CHECK(Check(Args(target, work), EtlEnv(sim)).ok("schema"));

      Target read_only = target;
      sqlite3* holder = nullptr;
      if (target.pg()) {
        read_only.url += std::string(target.url.find('?') == std::string::npos ? "?" : "&") +
                         "options=-c%20default_transaction_read_only%3Don";
      } else {
        // Another process's open write transaction: the file cannot be written now.
        REQUIRE(sqlite3_open(target.url.substr(7).c_str(), &holder) == SQLITE_OK);
        REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
      }
      CheckRun blocked = Check(Args(read_only, work), EtlEnv(sim));
      INFO(blocked.result.out);
      CHECK(blocked.result.exit_code == 1);
      CHECK(blocked.failed("database"));
      CHECK(blocked.Line("database").find(target.pg() ? "read-only transaction" : "locked") != std::string::npos);
      if (holder != nullptr) {
        sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(holder);
      }
    }
  }

  TEST_CASE("check FAILs a work directory that cannot be created or lacks free space") {
    Sim sim({"--count", "5"});
    Target target = MakeTarget(DbKind::kSqlite, "check_work");
    Migrate(target);
    std::string dir = TempDir("check-work");
    ProcessResult touch = RunProcess({"/usr/bin/touch", dir + "/a-file"});
    REQUIRE(touch.exit_code == 0);
    CheckRun blocked = Check(Args(target, dir + "/a-file/downloads"), EtlEnv(sim));
    CHECK(blocked.result.exit_code == 1);
    CHECK(blocked.Line("work-dir").find("FAIL work-dir: " + dir + "/a-file/downloads cannot be created") == 0);
    CheckRun small = Check(Args(target, dir, {"--min-free-gib", "100000000"}), EtlEnv(sim));
    CHECK(small.result.exit_code == 1);
    CHECK(small.Line("work-dir").find("less than the ") != std::string::npos);
    CHECK(Check(Args(target, dir), EtlEnv(sim)).ok("work-dir"));
  }
}

}  // namespace mews::test
