// Database failures classified by what the caller can do, from real errors provoked on purpose in
// the real PostgreSQL of MEWS_ETL_TEST_PG_URL and in real SQLite files: kUnavailable (connection
// lost, server down), kRetryable (serialization failure, deadlock), kInDoubt (a COMMIT whose
// connection broke), else kDatabase with the SQLSTATE or SQLite code in the one-line message.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <thread>

#include "load/postgres/pg_conn.h"
#include "load/sqlite/sqlite_db.h"
#include "tests/load/load_helpers.h"
#include "tests/support/process.h"

namespace mews::test {
namespace {

// A PgConn to the test server named `app` (application_name), or nullptr when there is none.
std::unique_ptr<PgConn> PgOpen(const std::string& app) {
  std::string url = PgTestUrl();
  if (url.empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_PG_URL is not set");
    return nullptr;
  }
  url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("application_name=") + app;
  Result<std::unique_ptr<PgConn>> c = PgConn::Connect(url, "pg-test");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  return std::move(c.value());
}

// Ends every session named `app` from another session, the way an administrator or a failover does.
void Terminate(const std::string& app) {
  auto admin = PgOpen("db_errors_admin");
  Result<PgResult> r = admin->Query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                    "application_name = $1", {app});
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  REQUIRE(r->rows() == 1);
}

void CheckOneLine(const Status& s, const std::string& part) {
  INFO(s.message());
  CHECK(s.message().find('\n') == std::string::npos);
  CHECK(s.message().find(part) != std::string::npos);
}

}  // namespace

TEST_SUITE("load.errors") {

TEST_CASE("PostgreSQL: a statement error is a database error with its SQLSTATE in the one line") {
  auto c = PgOpen("db_errors_plain");
  if (!c) return;
  Result<PgResult> r = c->Query("SELECT 1 / 0");
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kDatabase);
  CheckOneLine(r.status(), "pg-test: division by zero (SQLSTATE 22012, in: SELECT 1 / 0)");
  // The connection is still usable afterwards.
  CHECK(c->Query("SELECT 1").ok());
}

TEST_CASE("PostgreSQL: a serialization failure is retryable") {
  auto c = PgOpen("db_errors_serial");
  if (!c) return;
  // Two serializable transactions that each read what the other writes: the second COMMIT fails.
  auto d = PgOpen("db_errors_serial2");
  REQUIRE(c->Exec("DROP TABLE IF EXISTS public.db_errors_ser; CREATE TABLE public.db_errors_ser (k int)").ok());
  REQUIRE(c->Begin().ok());
  REQUIRE(d->Begin().ok());
  REQUIRE(c->Exec("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").ok());
  REQUIRE(d->Exec("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").ok());
  REQUIRE(c->Query("SELECT count(*) FROM public.db_errors_ser WHERE k = 2").ok());
  REQUIRE(d->Query("SELECT count(*) FROM public.db_errors_ser WHERE k = 1").ok());
  REQUIRE(c->Exec("INSERT INTO public.db_errors_ser VALUES (1)").ok());
  REQUIRE(d->Exec("INSERT INTO public.db_errors_ser VALUES (2)").ok());
  REQUIRE(c->Commit().ok());
  Status s = d->Commit();
  REQUIRE(!s.ok());
  CHECK(s.code() == StatusCode::kRetryable);
  CheckOneLine(s, "SQLSTATE 40001");
  REQUIRE(c->Exec("DROP TABLE public.db_errors_ser").ok());
}

TEST_CASE("PostgreSQL: a deadlock is retryable") {
  auto c = PgOpen("db_errors_dead1");
  if (!c) return;
  auto d = PgOpen("db_errors_dead2");
  REQUIRE(c->Exec("DROP TABLE IF EXISTS public.db_errors_dl; CREATE TABLE public.db_errors_dl (k int PRIMARY KEY); "
                  "INSERT INTO public.db_errors_dl VALUES (1), (2)").ok());
  REQUIRE(c->Begin().ok());
  REQUIRE(d->Begin().ok());
  REQUIRE(c->Exec("UPDATE public.db_errors_dl SET k = k WHERE k = 1").ok());
  REQUIRE(d->Exec("UPDATE public.db_errors_dl SET k = k WHERE k = 2").ok());
  Status first;
  std::thread waiter([&] { first = c->Exec("UPDATE public.db_errors_dl SET k = k WHERE k = 2"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // c now waits for d's row
  Status second = d->Exec("UPDATE public.db_errors_dl SET k = k WHERE k = 1");
  if (second.ok()) d->Rollback();  // d won: the server chose c as the victim; let c go on
  waiter.join();
  const Status& victim = second.ok() ? first : second;
  REQUIRE(!victim.ok());
  CHECK(victim.code() == StatusCode::kRetryable);
  CheckOneLine(victim, "SQLSTATE 40P01");
  c->Rollback();
  d->Rollback();
  REQUIRE(c->Exec("DROP TABLE public.db_errors_dl").ok());
}

TEST_CASE("PostgreSQL: a statement failing in a savepoint is undone, names its SQLSTATE, and the transaction goes on") {
  auto c = PgOpen("db_errors_savepoint");
  if (!c) return;
  std::string sqlstate = "stale";
  CHECK(c->ExecInSavepoint("SELECT 1", &sqlstate).code() == StatusCode::kInternal);  // no transaction
  REQUIRE(c->Exec("DROP TABLE IF EXISTS public.db_errors_sp; CREATE TABLE public.db_errors_sp (k int)").ok());
  REQUIRE(c->Begin().ok());
  REQUIRE(c->Exec("INSERT INTO public.db_errors_sp VALUES (1)").ok());
  Status s = c->ExecInSavepoint("INSERT INTO public.db_errors_sp VALUES (2); SET LOCAL lock_timeout = '7s'; "
                                "SELECT 1 / 0", &sqlstate);
  REQUIRE(!s.ok());
  CHECK(sqlstate == "22012");
  CheckOneLine(s, "division by zero");
  CHECK(c->Query("SHOW lock_timeout")->text(0, 0) == "0");  // the savepoint's SET LOCAL undone too
  REQUIRE(c->ExecInSavepoint("INSERT INTO public.db_errors_sp VALUES (3); SET LOCAL lock_timeout = '7s'", &sqlstate).ok());
  CHECK(sqlstate.empty());
  CHECK(c->Query("SHOW lock_timeout")->text(0, 0) == "7s");  // kept to the end of the transaction
  REQUIRE(c->Commit().ok());
  CHECK(c->Query("SELECT string_agg(k::text, ',' ORDER BY k) FROM public.db_errors_sp")->text(0, 0) == "1,3");
  CHECK(c->Query("SHOW lock_timeout")->text(0, 0) == "0");
  REQUIRE(c->Exec("DROP TABLE public.db_errors_sp").ok());
}

TEST_CASE("PostgreSQL: a terminated session is unavailable, a COMMIT on it in doubt") {
  auto c = PgOpen("db_errors_term");
  if (!c) return;
  Terminate("db_errors_term");
  Result<PgResult> r = c->Query("SELECT 1");
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CheckOneLine(r.status(), "pg-test: connection lost: ");

  auto t = PgOpen("db_errors_doubt");
  REQUIRE(t->Begin().ok());
  REQUIRE(t->Exec("CREATE TEMP TABLE x (k int)").ok());
  Terminate("db_errors_doubt");
  Status s = t->Commit();
  REQUIRE(!s.ok());
  CHECK(s.code() == StatusCode::kInDoubt);
  CheckOneLine(s, "COMMIT");
}

TEST_CASE("PostgreSQL: a sink whose session was terminated reports unavailable and never reconnects behind "
          "the caller's back") {
  std::string url = PgTestUrl();
  if (url.empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_PG_URL is not set");
    return;
  }
  Target t = MakeTarget(DbKind::kPostgres, "errors_sink");
  t.url += (t.url.find('?') == std::string::npos ? "?" : "&") + std::string("application_name=db_errors_sink");
  auto sink = MustOpen(t);
  const EntityMapping& m = Mapping("Customer");
  MustMigrate(sink.get(), {&m});
  REQUIRE(sink->LockEntity("Customer", LockMode::kFailFast).ok());
  Terminate("db_errors_sink");
  Status begun = sink->Begin(m, LoadContext{}).status();
  REQUIRE(!begun.ok());
  CHECK(begun.code() == StatusCode::kUnavailable);
  // Still broken: a silent reconnect would have dropped the entity lock without a word.
  CHECK(sink->Begin(m, LoadContext{}).status().code() == StatusCode::kUnavailable);
  auto other = MustOpen(t);
  CHECK(other->LockEntity("Customer", LockMode::kFailFast).ok());
}

TEST_CASE("SQLite: a database another writer holds past busy_timeout is unavailable") {
  const std::string path = TempDir("db-errors") + "/busy.db";
  SinkOptions options;
  options.busy_timeout_ms = 100;
  Target t{DbKind::kSqlite, "sqlite:" + path, options};
  auto sink = MustOpen(t);
  const EntityMapping& m = Mapping("Customer");
  MustMigrate(sink.get(), {&m});
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  Status s = sink->Begin(m, LoadContext{}).status();
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  REQUIRE(!s.ok());
  CHECK(s.code() == StatusCode::kUnavailable);
  CheckOneLine(s, "database is locked (SQLITE_BUSY 5, in: ");
}

TEST_CASE("SQLite: a write on a snapshot another writer moved past is retryable") {
  const std::string path = TempDir("db-errors") + "/snapshot.db";
  SqliteDb a;
  REQUIRE(a.Open(path, "sqlite:" + path).ok());
  REQUIRE(a.Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (k INTEGER)").ok());
  REQUIRE(a.Exec("BEGIN; SELECT count(*) FROM t").ok());  // a read transaction holds its snapshot
  sqlite3* b = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &b) == SQLITE_OK);
  REQUIRE(sqlite3_exec(b, "INSERT INTO t VALUES (1)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(b);
  Status s = a.Exec("INSERT INTO t VALUES (2)");
  REQUIRE(!s.ok());
  CHECK(s.code() == StatusCode::kRetryable);
  CheckOneLine(s, "SQLITE_BUSY 517");
  (void)a.Exec("ROLLBACK");
}

TEST_CASE("SQLite: constraint violations and a full database are database errors naming the code") {
  const std::string path = TempDir("db-errors") + "/full.db";
  SqliteDb a;
  REQUIRE(a.Open(path, "sqlite:" + path).ok());
  REQUIRE(a.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").ok());
  REQUIRE(a.Exec("INSERT INTO t VALUES (1, 'x')").ok());
  Status dup = a.Exec("INSERT INTO t VALUES (1, 'y')");
  CHECK(dup.code() == StatusCode::kDatabase);
  CheckOneLine(dup, "(SQLITE_CONSTRAINT 1555, in: INSERT INTO t VALUES (1, 'y'))");
  // The database may not grow past its current pages: the next large write finds it full.
  REQUIRE(a.Exec("PRAGMA max_page_count = 3").ok());
  Status full = a.Exec("WITH RECURSIVE n(i) AS (SELECT 10 UNION ALL SELECT i + 1 FROM n WHERE i < 60) "
                       "INSERT INTO t SELECT i, printf('%.5000c', 'z') FROM n");
  REQUIRE(!full.ok());
  CHECK(full.code() == StatusCode::kDatabase);
  CheckOneLine(full, "(SQLITE_FULL 13, in: ");
}

}  // TEST_SUITE
}  // namespace mews::test
