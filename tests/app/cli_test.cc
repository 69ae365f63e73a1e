#include <doctest/doctest.h>

#include "schemas/registry.h"
#include "tests/support/process.h"

using namespace mews;
using mews::test::RunProcess;

namespace {
test::ProcessResult Etl(std::vector<std::string> args) {
  args.insert(args.begin(), test::MewsEtlPath());
  return RunProcess(args);
}
int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += (c == '\n');
  return n;
}
}  // namespace

TEST_SUITE("app.cli") {
  TEST_CASE("--help lists every sub-command and exits 0") {
    auto r = Etl({"--help"});
    CHECK(r.exit_code == 0);
    for (const char* cmd : {"sync", "extract", "load", "schema", "status"}) {
      CAPTURE(cmd);
      CHECK(r.out.find(cmd) != std::string::npos);
    }
  }

  TEST_CASE("--version prints the version and exits 0") {
    auto r = Etl({"--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("mews-etl 0.", 0) == 0);
  }

  TEST_CASE("schema --reference prints the selected tables' reference without opening the database") {
    auto r = Etl({"schema", "--reference", "--entity", "Payment", "--db", "sqlite:/nonexistent/dir/x.db"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("# Table reference\n", 0) == 0);
    CHECK(r.out.find("\n## `payments`\n") != std::string::npos);
    CHECK(r.out.find("`order_items`") == std::string::npos);
  }

  TEST_CASE("schema --reference and --print exclude each other: exit 2 with one line") {
    auto r = Etl({"schema", "--reference", "--print"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("--reference") != std::string::npos);
  }

  TEST_CASE("an unknown sub-command exits 2 with one line") {
    auto r = Etl({"bogus"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("bogus") != std::string::npos);
  }

  TEST_CASE("an unknown flag exits 2 with one line naming it") {
    auto r = Etl({"status", "--frobnicate"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("--frobnicate") != std::string::npos);
  }

  TEST_CASE("an unknown entity type exits 2 and names the valid types") {
    auto r = Etl({"load", "--entity", "Nope", "x.jsonl"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("'Nope'") != std::string::npos);
    for (const std::string& t : AllEntityTypes()) CHECK(r.err.find(t) != std::string::npos);
  }

  TEST_CASE("a negative --db-retry exits 2 with one line naming the flag") {
    auto r = Etl({"sync", "--db-retry", "-1"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("--db-retry") != std::string::npos);
  }

  TEST_CASE("--since/--until take the core's timestamps and dates: +hh:mm, +hhmm, 7 digits, exit 2 otherwise") {
    // An accepted instant gets past the flags: the run then stops later (no tokens, no database), not on it.
    for (const char* ok : {"2024-01-01T00:00:00+0200", "2024-01-01T00:00:00+02:00", "2024-01-01T00:00:00.1234567Z",
                           "2024-01-01"}) {
      CAPTURE(ok);
      auto r = Etl({"sync", "--entity", "Customer", "--since", ok, "--db", "sqlite:/nonexistent/dir/x.db"});
      CHECK(r.exit_code != 0);
      CHECK_FALSE(r.err.empty());
      CHECK(r.err.find("--since") == std::string::npos);
    }
    for (const char* bad : {"2024-01-01T00:00:00", "2024-01-01T00:00:00+02", "2024-01-01t00:00:00z",
                            "2024-01-01T00:00:60Z", "2024-02-30"}) {
      CAPTURE(bad);
      auto r = Etl({"sync", "--entity", "Customer", "--until", bad});
      CHECK(r.exit_code == 2);
      CHECK(Lines(r.err) == 1);
      CHECK(r.err.find("--until") != std::string::npos);
    }
  }

  TEST_CASE("--posting-from/--posting-to take dates, on sync and extract alike") {
    for (std::vector<std::string> args : {std::vector<std::string>{"sync"}, {"extract", "--out", "x"}}) {
      CAPTURE(args[0]);
      for (const char* a : {"--entity", "LedgerEntry", "--posting-from", "2024-01-01T00:00:00Z"}) args.push_back(a);
      auto r = Etl(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("--posting-from") != std::string::npos);
    }
  }

  TEST_CASE("no sub-command is a usage error") {
    auto r = Etl({});
    CHECK(r.exit_code == 2);
  }

  TEST_CASE("sync and schema take the reference types, load does not") {
    auto r = Etl({"sync", "--entity", "Servce", "--db", "sqlite:/nonexistent/x.db"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    for (const std::string& t : AllReferenceTypes()) CHECK(r.err.find(t) != std::string::npos);
    auto l = Etl({"load", "--entity", "Service", "x.jsonl"});
    CHECK(l.exit_code == 2);
    CHECK(l.err.find("unknown entity type 'Service'") != std::string::npos);
    auto s = Etl({"schema", "--entity", "Service", "--db", "sqlite:x.db", "--print"});
    CHECK(s.exit_code == 0);
    CHECK(s.out.find("CREATE TABLE IF NOT EXISTS services") != std::string::npos);
  }

  TEST_CASE("--no-reference and --reference-only exclude each other") {
    auto r = Etl({"sync", "--no-reference", "--reference-only"});
    CHECK(r.exit_code == 2);
    CHECK(Lines(r.err) == 1);
    CHECK(r.err.find("--reference-only") != std::string::npos);
  }
}
