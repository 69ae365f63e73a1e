// Opening sinks, error messages (one line, no password), and the printed DDL.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <vector>

#include "load/common.h"
#include "load/ddl.h"
#include "tests/load/load_helpers.h"
#include "tests/support/process.h"

namespace mews::test {
namespace {

// A loopback port nothing listens on: bound to find it free, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

void CheckOneLineWithoutSecret(const Status& s, const std::string& secret) {
  INFO(s.message());
  CHECK(s.message().find('\n') == std::string::npos);
  CHECK(s.message().find(secret) == std::string::npos);
}

}  // namespace

TEST_SUITE("load.unit") {

TEST_CASE("an unknown URL scheme is an invalid argument naming the redacted URL") {
  Result<std::unique_ptr<Sink>> r = OpenSink("mysql://root:hunter2@localhost/db", SinkOptions{});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() ==
        "database URL 'mysql://root:***@localhost/db': unknown scheme (use postgresql://user:pass@host:port/db or "
        "sqlite:PATH)");
  CHECK(OpenSink("sqlite:", SinkOptions{}).status().code() == StatusCode::kInvalidArgument);
  SinkOptions bad;
  bad.pg_schema = "Mews; DROP";
  CHECK(SchemaDdl("postgresql://x@127.0.0.1/db", {}, bad).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("a database URL with a NUL character is refused, not opened as the path before it") {
  // A TOML config can write "\u0000" in a string; SQLite would open "a" for "sqlite:DIR/a\0b".
  const std::string dir = test::TempDir("open-nul");
  Result<std::unique_ptr<Sink>> r = OpenSink("sqlite:" + dir + std::string("/a\0b", 4), SinkOptions{});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "database URL 'sqlite:" + dir + "/a': a NUL character follows");
  CHECK_FALSE(std::filesystem::exists(dir + "/a"));
  const std::string pg("postgresql://etl:s3cr3t@127.0.0.1/etl\0x", 39);
  CheckOneLineWithoutSecret(OpenSink(pg, SinkOptions{}).status(), "s3cr3t");
  CHECK(OpenSink(pg, SinkOptions{}).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("RedactDatabaseUrl hides passwords in the user part and in query parameters") {
  CHECK(RedactDatabaseUrl("postgresql://etl:s3cr3t@127.0.0.1:5432/etl") == "postgresql://etl:***@127.0.0.1:5432/etl");
  CHECK(RedactDatabaseUrl("postgres://etl@host/db?password=s3cr3t&sslmode=disable") ==
        "postgres://etl@host/db?password=***&sslmode=disable");
  CHECK(RedactDatabaseUrl("sqlite:/tmp/a:b@c.db") == "sqlite:/tmp/a:b@c.db");
}

TEST_CASE("a refused PostgreSQL connection is one unavailable error line without the password") {
  const std::string port = std::to_string(ClosedPort());
  Result<std::unique_ptr<Sink>> r = OpenSink("postgresql://etl:s3cr3t@127.0.0.1:" + port + "/etl", SinkOptions{});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kUnavailable);  // nothing answers: retrying later may work
  CHECK(r.status().message().rfind("postgresql://etl:***@127.0.0.1:" + port + "/etl: cannot connect: ", 0) == 0);
  CHECK(r.status().message().find("Connection refused") != std::string::npos);
  CheckOneLineWithoutSecret(r.status(), "s3cr3t");
}

TEST_CASE("a wrong PostgreSQL password is one database error line without the password") {
  std::string url = PgTestUrl();
  if (url.empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_PG_URL is not set");
    return;
  }
  size_t at = url.find('@'), colon = url.find(':', url.find("://") + 3);
  REQUIRE(at != std::string::npos);
  url.replace(colon + 1, at - colon - 1, "wr0ngpass");
  Result<std::unique_ptr<Sink>> r = OpenSink(url, SinkOptions{});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kDatabase);
  CHECK(r.status().message().find("password authentication failed") != std::string::npos);
  CheckOneLineWithoutSecret(r.status(), "wr0ngpass");
}

TEST_CASE("a read-only PostgreSQL session fails the migration with one line") {
  std::string url = PgTestUrl();
  if (url.empty()) {
    if (PgRequired()) FAIL("MEWS_ETL_TEST_PG_URL is not set");
    return;
  }
  Target t = MakeTarget(DbKind::kPostgres, "readonly");
  t.url += (t.url.find('?') == std::string::npos ? "?" : "&") + std::string("options=-c%20default_transaction_read_only%3Don");
  auto sink = MustOpen(t);
  Result<std::vector<std::string>> r = sink->Migrate({&Mapping("OrderItem")});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kDatabase);
  CHECK(r.status().message().find("read-only transaction") != std::string::npos);
  CheckOneLineWithoutSecret(r.status(), ":etl@");
}

TEST_CASE("an unopenable SQLite path is one database error line naming the URL") {
  Result<std::unique_ptr<Sink>> r = OpenSink("sqlite:" + TempDir("load-open") + "/missing/dir/x.db", SinkOptions{});
  REQUIRE(!r.ok());
  CHECK(r.status().code() == StatusCode::kDatabase);
  CHECK(r.status().message().find("/missing/dir/x.db: cannot open: unable to open database file") != std::string::npos);
  CheckOneLineWithoutSecret(r.status(), "\t");
}

TEST_CASE("a SQLite database the sink creates has 16 KiB pages, an existing one keeps its own") {
  const Target fresh = MakeTarget(DbKind::kSqlite, "page_size_new");
  MustMigrate(MustOpen(fresh).get(), {&Mapping("Payment")});
  CHECK(Inspect(fresh)->Value("PRAGMA page_size") == "16384");

  const Target old = MakeTarget(DbKind::kSqlite, "page_size_old");
  Inspect(old)->Rows("CREATE TABLE made_elsewhere (x)");  // created with SQLite's default 4 KiB pages
  REQUIRE(Inspect(old)->Value("PRAGMA page_size") == "4096");
  auto sink = MustOpen(old);
  MustMigrate(sink.get(), {&Mapping("Payment")});
  CHECK(Inspect(old)->Value("PRAGMA page_size") == "4096");
  auto batch = MakeBatch(Mapping("Payment"), 0, 5);
  CHECK(MustLoad(sink.get(), Mapping("Payment"), {batch.get()}).root().inserted == 5);
}

TEST_CASE("processes opening and migrating one new SQLite file at the same moment all succeed (--jobs into one file)") {
  // Switching a new file to WAL takes a lock SQLite does not wait for: the second of two processes
  // opening it at once got SQLITE_BUSY at "PRAGMA journal_mode = WAL" (e2e sync --config, --jobs 2).
  const std::string dir = TempDir("load-open-race");
  constexpr int kProcesses = 6;
  for (int round = 0; round < 20; ++round) {
    const std::string url = "sqlite:" + dir + "/race" + std::to_string(round) + ".db";
    int go[2];
    REQUIRE(pipe(go) == 0);
    std::vector<pid_t> children;
    for (int p = 0; p < kProcesses; ++p) {
      const pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        close(go[1]);
        char c;
        (void)!read(go[0], &c, 1);  // returns at EOF: when the parent closes its end, all start
        SinkOptions options;
        options.connection = "c" + std::to_string(p);
        Result<std::unique_ptr<Sink>> sink = OpenSink(url, options);
        Status s = sink.ok() ? Status::Ok() : sink.status();
        if (s.ok()) {
          Result<std::vector<std::string>> migrated = (*sink)->Migrate(AllMappings());
          s = migrated.ok() ? Status::Ok() : migrated.status();
        }
        if (!s.ok()) std::fprintf(stderr, "round %d: %s\n", round, s.message().c_str());
        _exit(s.ok() ? 0 : 1);
      }
      children.push_back(pid);
    }
    close(go[0]);
    close(go[1]);
    int failed = 0;
    for (pid_t pid : children) {
      int status = 0;
      REQUIRE(waitpid(pid, &status, 0) == pid);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
    }
    REQUIRE_MESSAGE(failed == 0, "round ", round, ": ", failed, " of ", kProcesses, " processes could not open the file");
  }
}

TEST_CASE("the printed DDL is what a migration of an empty database runs") {
  const std::vector<const EntityMapping*> all = AllMappings();
  for (const Target& target : AllTargets("ddl")) {
    INFO(std::string(Label(target)));
    Result<std::string> printed = SchemaDdl(target.url, all, target.options);
    REQUIRE(printed.ok());
    auto sink = MustOpen(target);
    Result<std::vector<std::string>> ran = sink->Migrate(all);
    REQUIRE(ran.ok());
    std::string joined;
    for (const std::string& s : *ran) joined += s + ";\n";
    std::string flat = *printed;
    for (size_t p; (p = flat.find("\n\n")) != std::string::npos;) flat.erase(p, 1);
    CHECK(joined == flat);
  }
}

TEST_CASE("the PostgreSQL DDL has typed columns, keys, cascading children, indexes and comments") {
  const EntityMapping& m = Mapping("OrderItem");
  Result<std::string> ddl = SchemaDdl("postgresql://u:p@127.0.0.1:1/db", {&m}, SinkOptions{});
  REQUIRE(ddl.ok());
  for (const char* part :
       {"CREATE SCHEMA IF NOT EXISTS mews;", "CREATE TABLE IF NOT EXISTS mews.order_items (id uuid NOT NULL, ",
        "unit_count bigint, ", "amount_net_value numeric, ", "created_utc timestamptz, ",
        "options_canceled_with_reservation boolean, ", "_extra jsonb, _export_id uuid, _loaded_at timestamptz, "
        "_deleted_at timestamptz, _connection text NOT NULL, _content_hash bigint, PRIMARY KEY (id)) WITH (fillfactor = 90);",
        "COMMENT ON COLUMN mews.order_items._connection IS ", "CREATE TABLE IF NOT EXISTS mews.etl_connections (",
        "CREATE TABLE IF NOT EXISTS mews.order_items_amount_tax_values (parent_id uuid NOT NULL, ordinal bigint NOT "
        "NULL, code text, value numeric, PRIMARY KEY (parent_id, ordinal), FOREIGN KEY (parent_id) REFERENCES "
        "mews.order_items (id) ON DELETE CASCADE) WITH (fillfactor = 90);",
        "CREATE INDEX IF NOT EXISTS order_items_enterprise_id_idx ON mews.order_items (enterprise_id);",
        "COMMENT ON COLUMN mews.order_items.enterprise_id IS 'Enterprise (property) of the item.';",
        "COMMENT ON COLUMN mews.order_items._deleted_at IS ", "CREATE TABLE IF NOT EXISTS mews.etl_runs (",
        "CREATE TABLE IF NOT EXISTS mews.etl_exports (", "CREATE TABLE IF NOT EXISTS mews.etl_watermarks (",
        "CREATE TABLE IF NOT EXISTS mews.etl_rejects ("}) {
    CHECK_MESSAGE(ddl->find(part) != std::string::npos, part);
  }
  Result<std::string> lite = SchemaDdl("sqlite:x.db", {&m}, SinkOptions{});
  REQUIRE(lite.ok());
  CHECK(lite->find("CREATE TABLE IF NOT EXISTS order_items (id TEXT NOT NULL, ") != std::string::npos);
  CHECK(lite->find("amount_net_value REAL, ") != std::string::npos);
  CHECK(lite->find("COMMENT") == std::string::npos);
  CHECK(ddl->find("parent_id_idx") == std::string::npos);  // the primary key (parent_id, ordinal) serves
}

TEST_CASE("index names stay within 63 bytes and stay distinct") {
  const std::string t(40, 't'), c(40, 'c');
  CHECK(IndexName("order_items", "bill_id") == "order_items_bill_id_idx");
  CHECK(IndexName(t, c).size() == 63);
  CHECK(IndexName(t, c) != IndexName(t, c + "x"));
}

}  // TEST_SUITE
}  // namespace mews::test
