// mews-etl load, schema and status from the command line: counts on success, one line naming
// file:line on a malformed line with nothing written, rejects kept within --max-rejects, database
// errors in one line without the password, and DDL for both kinds of URL.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

constexpr const char* kBadLine = "{\"Id\": \"not closed";

// Writes `lines` records of Customer as mews-sim generates them to `path`, with line
// `bad_line` (1-based, 0 for none) replaced by kBadLine.
void WriteCustomers(const std::string& path, int lines, int bad_line) {
  ProcessResult r = RunProcess({MewsSimPath(), "generate", "--entity", "Customer", "--count", std::to_string(lines)});
  REQUIRE(r.exit_code == 0);
  std::istringstream in(r.out);
  std::ofstream out(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) out << (++n == bad_line ? kBadLine : line) << "\n";
}

std::vector<std::string> LoadArgs(const Target& target, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"load", "--entity", "Customer"};
  for (const std::string& a : DbArgs(target)) args.push_back(a);
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

size_t LineCount(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

void LoadFromCli(const Target& target) {
  std::string dir = TempDir("e2e-cli");
  WriteCustomers(dir + "/good.jsonl", 30, 0);
  WriteCustomers(dir + "/bad.jsonl", 30, 7);

  ProcessResult bad = Etl(LoadArgs(target, {dir + "/bad.jsonl"}));
  INFO(bad.out << bad.err);
  CHECK(bad.exit_code == 1);
  std::vector<std::string> errors = ErrorLines(bad.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(dir + "/bad.jsonl:7: invalid JSON") != std::string::npos);
  CHECK(errors[0].find("nothing was written") != std::string::npos);
  auto db = Inspect(target);
  CHECK(db->Value("SELECT count(*) FROM customers") == "0");
  CHECK(db->Value("SELECT count(*) FROM etl_rejects") == "0");

  ProcessResult good = Etl(LoadArgs(target, {dir + "/good.jsonl"}));
  INFO(good.out << good.err);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("customers: 30 inserted, 0 updated, 0 unchanged\n") == 0);
  CHECK(db->Value("SELECT count(*) FROM customers") == "30");

  ProcessResult tolerated = Etl(LoadArgs(target, {"--max-rejects", "1", dir + "/bad.jsonl"}));
  INFO(tolerated.out << tolerated.err);
  CHECK(tolerated.exit_code == 0);
  CHECK(tolerated.out.find("customers: 0 inserted, 0 updated, 29 unchanged\n") == 0);
  CHECK(tolerated.out.find("1 rejected lines kept in etl_rejects") != std::string::npos);
  auto rejects = db->Rows("SELECT file, line, raw FROM etl_rejects");
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0][0] == dir + "/bad.jsonl");
  CHECK(rejects[0][1] == "7");
  CHECK(rejects[0][2] == kBadLine);

  ProcessResult status = Etl(StatusArgs(target));
  INFO(status.out << status.err);
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("Customer               load    failed") != std::string::npos);
  CHECK(status.out.find("+30 ~0 =0 !0") != std::string::npos);
  CHECK(status.out.find("+0 ~0 =29 !1") != std::string::npos);
  CHECK(status.out.find("Watermarks:\n  (none") != std::string::npos);
}

// The URL of the test PostgreSQL with its password replaced by `password`, or with port `port`.
std::string WithPassword(const std::string& url, const std::string& password) {
  size_t scheme = url.find("://") + 3, at = url.find('@'), colon = url.find(':', scheme);
  REQUIRE(at != std::string::npos);
  REQUIRE(colon < at);
  return url.substr(0, colon + 1) + password + url.substr(at);
}

void CheckOneLineWithout(const ProcessResult& r, const std::string& secret) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(LineCount(r.err) == 1);
  CHECK(r.err.find(secret) == std::string::npos);
}

}  // namespace

TEST_SUITE("e2e.cli") {

TEST_CASE("mews-etl load prints counts, fails on a malformed line naming file:line with nothing written, "
          "and keeps the line within --max-rejects") {
  for (const Target& target : AllTargets("e2e_cli_load")) {
    INFO(std::string(Label(target)));
    LoadFromCli(target);
  }
}

TEST_CASE("database connection errors end with exit 1 and one line without the password") {
  std::string dir = TempDir("e2e-dberr");
  WriteCustomers(dir + "/good.jsonl", 5, 0);
  const std::string secret = "pw-S3cr3t-e2e";
  ProcessResult refused = Etl({"load", "--entity", "Customer", "--db",
                               "postgresql://etl:" + secret + "@127.0.0.1:1/etl", dir + "/good.jsonl"});
  CheckOneLineWithout(refused, secret);
  CHECK(refused.err.find("127.0.0.1:1") != std::string::npos);
  std::string pg = PgTestUrl();
  if (pg.empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_REQUIRE_PG=1 but MEWS_ETL_TEST_PG_URL is not set");
    MESSAGE("wrong-password part skipped: MEWS_ETL_TEST_PG_URL is not set");
    return;
  }
  ProcessResult wrong = Etl({"load", "--entity", "Customer", "--db", WithPassword(pg, secret), "--pg-schema",
                             "e2e_wrong_password", dir + "/good.jsonl"});
  CheckOneLineWithout(wrong, secret);
  ProcessResult status = Etl({"status", "--db", WithPassword(pg, secret)});
  CheckOneLineWithout(status, secret);
}

TEST_CASE("a sync without the access token exits 2 with one line naming the variable") {
  std::string dir = TempDir("e2e-token");
  ProcessResult r = Etl({"sync", "--entity", "Customer", "--db", "sqlite:" + dir + "/x.db", "--work-dir", dir},
                        {{"MEWS_CLIENT_TOKEN", kClientToken}, {"MEWS_ACCESS_TOKEN", ""},
                         {"MEWS_API_URL", "http://127.0.0.1:1"}});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(LineCount(r.err) == 1);
  CHECK(r.err.find("MEWS_ACCESS_TOKEN is not set") != std::string::npos);
}

TEST_CASE("mews-etl schema --print writes the DDL for a SQLite and a PostgreSQL URL without touching them") {
  std::string dir = TempDir("e2e-ddl");
  ProcessResult lite = Etl({"schema", "--print", "--entity", "Customer", "--db", "sqlite:" + dir + "/x.db"});
  INFO(lite.out << lite.err);
  CHECK(lite.exit_code == 0);
  CHECK(lite.out.find("CREATE TABLE IF NOT EXISTS customers (") != std::string::npos);
  CHECK(lite.out.find("etl_runs") != std::string::npos);
  ProcessResult pg = Etl({"schema", "--print", "--entity", "Customer", "--pg-schema", "bi",
                          "--db", "postgresql://etl:pw-S3cr3t-e2e@127.0.0.1:1/etl"});
  INFO(pg.out << pg.err);
  CHECK(pg.exit_code == 0);
  CHECK(pg.out.find("CREATE SCHEMA IF NOT EXISTS bi") != std::string::npos);
  CHECK(pg.out.find("uuid") != std::string::npos);
  CHECK(pg.out.find("timestamptz") != std::string::npos);
  CHECK(pg.out.find("pw-S3cr3t-e2e") == std::string::npos);
}

}  // TEST_SUITE
}  // namespace mews::test
