// The in-place upgrade of a database written before connections existed (tests/fixtures/upgrade,
// made by main at f2bab01): the first run migrates it in one transaction, state rows become
// connection "default", _connection is filled with "default", the watermarks keep working and the
// first sync adopts its token's fingerprint.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

const std::string kFixtures = std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/upgrade/";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixture's database in a fresh place: a copy of the SQLite file, or the dump in a new schema.
void Restore(const Target& target) {
  if (!target.pg()) {
    std::filesystem::copy_file(kFixtures + "v0_sqlite.db", target.url.substr(7));
    return;
  }
  std::string sql = ReadAll(kFixtures + "v0_postgres.sql");
  const std::string placeholder = "__SCHEMA__";
  for (size_t pos = sql.find(placeholder); pos != std::string::npos; pos = sql.find(placeholder, pos)) {
    sql.replace(pos, placeholder.size(), target.options.pg_schema);
  }
  Inspect(target)->Rows(sql);
}

std::string Column(const Target& target, const std::string& table, const std::string& column) {
  if (!target.pg()) {
    return Inspect(target)->Value("SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name = '" + column +
                                  "'");
  }
  return Inspect(target)->Value("SELECT count(*) FROM information_schema.columns WHERE table_schema = '" +
                                target.options.pg_schema + "' AND table_name = '" + table + "' AND column_name = '" +
                                column + "'");
}

}  // namespace

TEST_CASE("a database of the first schema is upgraded in place by the first run") {
  for (const Target& target : AllTargets("upgrade_v0")) {
    INFO(Label(target));
    Restore(target);
    REQUIRE(Column(target, "etl_watermarks", "connection") == "0");
    REQUIRE(Column(target, "customers", "_connection") == "0");
    const std::string mark = Inspect(target)->Value(
        "SELECT value FROM etl_watermarks WHERE entity = 'Customer' AND kind = 'updated_utc'");
    Sim sim({"--seed", "7", "--count", "40", "--processing-seconds", "0"});
    const std::string work = TempDir("e2e-upgrade");
    ProcessResult r = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer"}), EtlEnv(sim));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto db = Inspect(target);
    // The watermark carried over: the sync asked for the window after it, not a full export.
    REQUIRE(sim.Adds("Customer").size() == 1);
    CHECK_FALSE(sim.Adds("Customer")[0].filters_null);
    CHECK(sim.Adds("Customer")[0].updated_start == mark);
    CHECK(db->Value("SELECT count(*) FROM etl_watermarks") == "3");
    CHECK(db->Value("SELECT count(*) FROM etl_watermarks WHERE connection = 'default'") == "3");
    CHECK(db->Value("SELECT count(*) FROM etl_runs WHERE connection <> 'default'") == "0");
    CHECK(db->Value("SELECT count(*) FROM etl_runs") == "5");
    CHECK(db->Value("SELECT count(*) FROM etl_exports WHERE connection <> 'default'") == "0");
    CHECK(db->Value("SELECT count(*) FROM customers") == "43");
    CHECK(db->Value("SELECT count(*) FROM customers WHERE _connection = 'default'") == "43");
    CHECK(db->Value("SELECT count(*) FROM etl_connections WHERE name = 'default'") == "1");
    // The content hash came with the upgrade; in PostgreSQL so did the fill factor of HOT updates.
    CHECK(Column(target, "customers", "_content_hash") == "1");
    if (target.pg()) {
      CHECK(db->Value("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = 'customers'::regclass") ==
            "fillfactor=90");
    }
    // The key is (connection, entity, kind) now: another connection gets its own full export.
    r = Etl(SyncArgs(target, work + "/dl", {"--entity", "Customer", "--connection", "second"}),
            EtlEnv(sim, kAccessToken));
    REQUIRE(r.exit_code == 0);
    CHECK(sim.Adds("Customer").back().filters_null);
    CHECK(db->Value("SELECT count(*) FROM etl_watermarks WHERE entity = 'Customer'") == "2");
    // Tables the upgrade run did not load get _connection the first time they are migrated.
    REQUIRE(Etl({"schema", "--db", target.url, "--pg-schema", target.options.pg_schema.empty() ? "mews" :
                 target.options.pg_schema}, {}).exit_code == 0);
    CHECK(db->Value("SELECT count(*) FROM reservations WHERE _connection = 'default'") == "40");
  }
}

}  // namespace mews::test
