#include "tests/load/targets.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/support/process.h"

namespace mews::test {

std::string PgTestUrl() {
  const char* url = std::getenv("MEWS_ETL_TEST_PG_URL");
  return url ? url : "";
}

bool PgRequired() {
  const char* req = std::getenv("MEWS_ETL_TEST_REQUIRE_PG");
  return req && std::string(req) == "1";
}

const char* Label(const Target& target) {
  if (!target.pg()) return "SQLite";
  return target.rounds ? "PostgreSQL, rounds" : "PostgreSQL";
}

namespace {

class SqliteInspector : public Inspector {
 public:
  explicit SqliteInspector(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db_, 10000);
  }
  ~SqliteInspector() override { sqlite3_close_v2(db_); }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) override {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql);
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(db_));
    std::vector<std::vector<std::string>> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* t = sqlite3_column_text(stmt, c);
        row.push_back(t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt, c)) : "<null>");
      }
      out.push_back(std::move(row));
    }
    std::string err = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    REQUIRE_MESSAGE(rc == SQLITE_DONE, err);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class PgInspector : public Inspector {
 public:
  PgInspector(const std::string& url, const std::string& schema) {
    conn_ = PQconnectdb(url.c_str());
    REQUIRE_MESSAGE(PQstatus(conn_) == CONNECTION_OK, PQerrorMessage(conn_));
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    Rows("SET search_path TO " + schema + "; SET TIME ZONE 'UTC'");
  }
  ~PgInspector() override { PQfinish(conn_); }
  std::vector<std::vector<std::string>> Rows(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    INFO(sql);
    ExecStatusType st = PQresultStatus(r);
    std::string err = PQresultErrorMessage(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) PQclear(r);
    REQUIRE_MESSAGE((st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK), err);
    std::vector<std::vector<std::string>> out;
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(r); ++c) row.push_back(PQgetisnull(r, i, c) ? "<null>" : PQgetvalue(r, i, c));
      out.push_back(std::move(row));
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_ = nullptr;
};

std::string SchemaFor(const std::string& name) {
  std::string out = "lt_";
  for (char c : name) out += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : (c >= 'A' && c <= 'Z' ? c + 32 : '_');
  return out.substr(0, 50) + "_" + std::to_string(getpid());
}

}  // namespace

std::string Inspector::Value(const std::string& sql) {
  auto rows = Rows(sql);
  REQUIRE(!rows.empty());
  REQUIRE(!rows[0].empty());
  return rows[0][0];
}

std::string Inspector::Dump(const std::string& table, const std::string& order_by) {
  std::string out;
  for (const auto& row : Rows("SELECT * FROM " + table + " ORDER BY " + order_by)) {
    for (const std::string& cell : row) out += cell + "|";
    out += "\n";
  }
  return out;
}

Target MakeTarget(DbKind kind, const std::string& name) {
  Target t;
  t.kind = kind;
  if (kind == DbKind::kSqlite) {
    t.url = "sqlite:" + TempDir("load-" + name) + "/test.db";
    return t;
  }
  t.url = PgTestUrl();
  t.options.pg_schema = SchemaFor(name);
  PgInspector admin(t.url, "public");
  admin.Rows("DROP SCHEMA IF EXISTS " + t.options.pg_schema + " CASCADE");
  return t;
}

std::vector<Target> AllTargets(const std::string& name) {
  std::vector<Target> out = {MakeTarget(DbKind::kSqlite, name)};
  if (!PgTestUrl().empty()) out.push_back(MakeTarget(DbKind::kPostgres, name));
  else if (PgRequired()) FAIL("MEWS_ETL_TEST_REQUIRE_PG=1 but MEWS_ETL_TEST_PG_URL is not set");
  else MESSAGE("PostgreSQL part skipped: MEWS_ETL_TEST_PG_URL is not set");
  return out;
}

SinkOptions::Rounds EveryBatchRounds() {
  SinkOptions::Rounds r;
  r.first_after_bytes = 0;
  r.round_bytes = 1;
  r.max_table_share = -1;
  r.max_changed_share = -1;
  return r;
}

std::vector<Target> ContractTargets(const std::string& name) {
  std::vector<Target> out = AllTargets(name);
  if (PgTestUrl().empty()) return out;
  Target t = MakeTarget(DbKind::kPostgres, name + "_rounds");
  t.rounds = true;
  t.options.pg_rounds = EveryBatchRounds();
  out.push_back(t);
  return out;
}

std::unique_ptr<Inspector> Inspect(const Target& target) {
  if (target.pg()) return std::make_unique<PgInspector>(target.url, target.options.pg_schema);
  return std::make_unique<SqliteInspector>(target.url.substr(7));
}

std::unique_ptr<Sink> MustOpen(const Target& target) {
  Result<std::unique_ptr<Sink>> sink = OpenSink(target.url, target.options);
  REQUIRE_MESSAGE(sink.ok(), sink.status().message());
  return std::move(sink.value());
}

}  // namespace mews::test
