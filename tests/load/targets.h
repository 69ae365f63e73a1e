// The databases the load contract suite runs against, and a way to look inside them with plain SQL
// (real SQLite files under the build tree, the real PostgreSQL of MEWS_ETL_TEST_PG_URL, each test in
// its own PostgreSQL schema).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "load/sink.h"

namespace mews::test {

enum class DbKind { kSqlite, kPostgres };

struct Target {
  DbKind kind = DbKind::kSqlite;
  std::string url;      // for OpenSink
  SinkOptions options;  // pg_schema set to the test's own schema
  bool rounds = false;  // PostgreSQL loads merge in rounds after every batch that has changed records
  bool pg() const { return kind == DbKind::kPostgres; }
};

// The PostgreSQL URL for tests, or "" (the caller skips, or fails when MEWS_ETL_TEST_REQUIRE_PG=1).
std::string PgTestUrl();
bool PgRequired();

// A fresh target named after `name`: a new SQLite file, or a PostgreSQL schema dropped first.
Target MakeTarget(DbKind kind, const std::string& name);

// Runs SQL against a target; PostgreSQL queries run with search_path set to the target's schema.
class Inspector {
 public:
  virtual ~Inspector() = default;
  // Every row as text cells; NULL is "<null>". Fails the test on an error.
  virtual std::vector<std::vector<std::string>> Rows(const std::string& sql) = 0;
  std::string Value(const std::string& sql);  // first cell of the first row
  // All rows of `table` ordered by its key, as one text block (for "exactly as they were").
  std::string Dump(const std::string& table, const std::string& order_by);
};

std::unique_ptr<Inspector> Inspect(const Target& target);

// Opens a sink or fails the test.
std::unique_ptr<Sink> MustOpen(const Target& target);

// The targets for one test: a fresh SQLite file always, and a fresh PostgreSQL schema when
// MEWS_ETL_TEST_PG_URL is set (fails the test when it is not set but MEWS_ETL_TEST_REQUIRE_PG=1).
std::vector<Target> AllTargets(const std::string& name);

// AllTargets and, with PostgreSQL, a third target whose loads into populated tables merge their
// changed records in rounds after every batch (SinkOptions::Rounds) instead of past 64 MiB: the
// load contract's suites run on it to show that rounds change nothing a user can see.
std::vector<Target> ContractTargets(const std::string& name);

// Rounds after every batch that has changed records, whatever the table's size.
SinkOptions::Rounds EveryBatchRounds();

// "SQLite", "PostgreSQL" or "PostgreSQL, rounds", for INFO().
const char* Label(const Target& target);

}  // namespace mews::test
