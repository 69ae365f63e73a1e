// Hotel groups end to end: two properties (two mews-sim processes, two access tokens) synced into
// one SQLite file and one PostgreSQL schema, with and without --connection (issue 11).
#include <doctest/doctest.h>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

constexpr int kCount = 60;

std::vector<std::string> SimArgs(int seed) {
  return {"--seed", std::to_string(seed), "--count", std::to_string(kCount), "--processing-seconds", "0"};
}

ProcessResult SyncCustomers(const Target& target, const Sim& sim, const std::string& token, const std::string& work,
                            std::vector<std::string> extra) {
  extra.insert(extra.begin(), {"--entity", "Customer"});
  ProcessResult r = Etl(SyncArgs(target, work + "/dl", extra), EtlEnv(sim, token));
  INFO(r.out << r.err);
  return r;
}

std::string CountWhere(Inspector& db, const std::string& condition) {
  return db.Value("SELECT count(*) FROM customers WHERE " + condition);
}

TEST_CASE("two connections: each gets its own full export, the data is the union, --full marks only its own") {
  for (const Target& target : AllTargets("conn_two")) {
    INFO(Label(target));
    Sim a(SimArgs(1), kAccessToken);
    Sim b(SimArgs(2), kAccessTokenB);
    const std::string work = TempDir("e2e-conn-two");
    ProcessResult r = SyncCustomers(target, a, kAccessToken, work, {"--connection", "a"});
    REQUIRE(r.exit_code == 0);
    r = SyncCustomers(target, b, kAccessTokenB, work, {"--connection", "b", "--summary-json", work + "/b.json"});
    REQUIRE(r.exit_code == 0);
    CHECK(ReadSummary(work + "/b.json")["Customer"].inserted == kCount);  // not 2 (issue 11, step 2)
    REQUIRE(b.Adds("Customer").size() == 1);
    CHECK(b.Adds("Customer")[0].filters_null);  // its own first, full export
    auto db = Inspect(target);
    CHECK(CountWhere(*db, "1 = 1") == std::to_string(2 * kCount));
    CHECK(CountWhere(*db, "_connection = 'a'") == std::to_string(kCount));
    CHECK(CountWhere(*db, "_connection = 'b'") == std::to_string(kCount));
    CHECK(db->Value("SELECT count(*) FROM etl_watermarks WHERE entity = 'Customer'") == "2");

    b.Control("/_sim/mutate", R"({"entity":"Customer","delete":[3,4]})");
    r = SyncCustomers(target, b, kAccessTokenB, work, {"--connection", "b", "--full", "--summary-json", work + "/f.json"});
    REQUIRE(r.exit_code == 0);
    CHECK(ReadSummary(work + "/f.json")["Customer"].deleted == 2);
    CHECK(CountWhere(*db, "_deleted_at IS NOT NULL") == "2");
    CHECK(CountWhere(*db, "_deleted_at IS NOT NULL AND _connection = 'b'") == "2");
    // A's next sync is incremental: its watermark was never touched by B.
    r = SyncCustomers(target, a, kAccessToken, work, {"--connection", "a"});
    REQUIRE(r.exit_code == 0);
    REQUIRE(a.Adds("Customer").size() == 2);
    CHECK_FALSE(a.Adds("Customer")[1].filters_null);
    ProcessResult status = Etl(StatusArgs(target), {});
    REQUIRE(status.exit_code == 0);
    CHECK(status.out.find("Connection a: token fingerprint ") != std::string::npos);
    CHECK(status.out.find("Connection b: token fingerprint ") != std::string::npos);
  }
}

TEST_CASE("without --connection a second token is refused with exit 2 and loads nothing, and --rebind adopts it") {
  for (const Target& target : AllTargets("conn_refuse")) {
    INFO(Label(target));
    Sim a(SimArgs(1), kAccessToken);
    Sim b(SimArgs(2), kAccessTokenB);
    const std::string work = TempDir("e2e-conn-refuse");
    REQUIRE(SyncCustomers(target, a, kAccessToken, work, {}).exit_code == 0);
    auto db = Inspect(target);
    const std::string before = db->Dump("customers", "id");
    for (const std::vector<std::string>& extra : {std::vector<std::string>{}, std::vector<std::string>{"--full"}}) {
      ProcessResult r = SyncCustomers(target, b, kAccessTokenB, work, extra);
      CHECK(r.exit_code == 2);
      std::vector<std::string> errors = ErrorLines(r.err);
      REQUIRE(errors.size() == 1);
      CHECK(errors[0].find("connection \"default\" was synced with another access token; give this property its "
                           "own --connection NAME, or pass --rebind after rotating the token") != std::string::npos);
    }
    CHECK(b.Adds().empty());
    CHECK(db->Dump("customers", "id") == before);  // nothing of B, and nothing of A marked deleted
    // A rotated token: --rebind stores the new fingerprint and keeps the watermark (incremental).
    REQUIRE(SyncCustomers(target, b, kAccessTokenB, work, {"--rebind"}).exit_code == 0);
    REQUIRE(b.Adds("Customer").size() == 1);
    CHECK_FALSE(b.Adds("Customer")[0].filters_null);
    CHECK(SyncCustomers(target, b, kAccessTokenB, work, {}).exit_code == 0);
    CHECK(SyncCustomers(target, a, kAccessToken, work, {}).exit_code == 2);
  }
}

TEST_CASE("a first run with a wrong token leaves the connection unclaimed") {
  for (const Target& target : AllTargets("conn_wrong")) {
    INFO(Label(target));
    Sim a(SimArgs(1), kAccessToken);
    const std::string work = TempDir("e2e-conn-wrong");
    ProcessResult r = SyncCustomers(target, a, kAccessTokenB, work, {});  // 401 from the API
    CHECK(r.exit_code != 0);
    CHECK(Inspect(target)->Value("SELECT count(*) FROM etl_connections") == "0");
    CHECK(SyncCustomers(target, a, kAccessToken, work, {}).exit_code == 0);
  }
}

TEST_CASE("two connections load one entity at the same time: both succeed, no row is lost") {
  for (const Target& target : AllTargets("conn_parallel")) {
    INFO(Label(target));
    const std::vector<std::string> args = {"--count", "3000", "--processing-seconds", "1", "--files-per-export", "3"};
    std::vector<std::string> args_a = args, args_b = args;
    args_a.insert(args_a.end(), {"--seed", "1"});
    args_b.insert(args_b.end(), {"--seed", "2"});
    Sim a(args_a, kAccessToken);
    Sim b(args_b, kAccessTokenB);
    const std::string work = TempDir("e2e-conn-parallel");
    Child ca = StartEtl(SyncArgs(target, work + "/a", {"--entity", "Customer", "--connection", "a"}),
                        EtlEnv(a, kAccessToken));
    Child cb = StartEtl(SyncArgs(target, work + "/b", {"--entity", "Customer", "--connection", "b"}),
                        EtlEnv(b, kAccessTokenB));
    ProcessResult ra = WaitEtl(ca), rb = WaitEtl(cb);
    INFO(ra.err << rb.err);
    CHECK(ra.exit_code == 0);
    CHECK(rb.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM customers WHERE _connection = 'a'") == "3000");
    CHECK(db->Value("SELECT count(*) FROM customers WHERE _connection = 'b'") == "3000");
    CHECK(db->Value("SELECT count(*) FROM etl_runs WHERE status = 'succeeded'") == "2");
  }
}

TEST_CASE("load --connection writes _connection and the run's connection, and extract checks the token") {
  for (const Target& target : AllTargets("conn_load")) {
    INFO(Label(target));
    std::vector<std::string> args = {"load", "--entity", "Customer", "--connection", "files"};
    for (const std::string& a : DbArgs(target)) args.push_back(a);
    args.push_back(std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/customers.jsonl");
    ProcessResult r = Etl(args, {});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM customers WHERE _connection <> 'files'") == "0");
    CHECK(db->Value("SELECT count(*) FROM customers") != "0");
    CHECK(db->Value("SELECT connection FROM etl_runs") == "files");
    Sim a(SimArgs(1), kAccessToken);
    const std::string out = TempDir("e2e-conn-extract");
    std::vector<std::string> extract = {"extract", "--entity", "Customer", "--out", out, "--poll-interval", "0.1",
                                        "--connection", "a"};
    for (const std::string& x : DbArgs(target)) extract.push_back(x);
    REQUIRE(Etl(extract, EtlEnv(a, kAccessToken)).exit_code == 0);
    ProcessResult other = Etl(extract, EtlEnv(a, kAccessTokenB));
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("connection \"a\" was synced with another access token") != std::string::npos);
  }
}

TEST_CASE("connection names: anything but [a-z0-9][a-z0-9_-]{0,62} exits 2") {
  const std::string db = "sqlite:" + TempDir("e2e-conn-names") + "/x.db";
  for (const std::string& bad : std::vector<std::string>{"Prague", "-x", "a b", "a.b", "", std::string(64, 'a')}) {
    INFO(bad);
    ProcessResult r = Etl({"status", "--db", db, "--connection", bad}, {});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--connection") != std::string::npos);
  }
  ProcessResult env = Etl({"status", "--db", db}, {{"MEWS_CONNECTION", "Bad!"}});
  CHECK(env.exit_code == 2);
  CHECK(env.err.find("MEWS_CONNECTION") != std::string::npos);
  CHECK(Etl({"status", "--db", db, "--connection", std::string(63, 'a')}, {}).exit_code == 0);
  ProcessResult scoped = Etl({"status", "--db", db}, {{"MEWS_CONNECTION", "vienna_2-b"}});
  CHECK(scoped.exit_code == 0);
  CHECK(scoped.out.find("Connection vienna_2-b:") != std::string::npos);
}

}  // namespace
}  // namespace mews::test
