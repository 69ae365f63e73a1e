// SqliteSink: opening, schema migration, the entity lock.
#include "load/sqlite/sqlite_sink.h"

#include "load/sqlite/sqlite_load.h"

#include <chrono>

#include "core/time.h"
#include "load/backends.h"
#include "load/common.h"
#include "load/ddl.h"

namespace mews {
namespace {

// The journal mode after asking for WAL (SQLite answers with the mode in force).
Result<std::string> JournalMode(SqliteDb& db) {
  Result<SqliteStmt> q = db.Prepare("PRAGMA journal_mode = WAL");
  if (!q.ok()) return q.status();
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Database(db.display() + ": PRAGMA journal_mode returned no row");
  return q->ColumnText(0);
}

// Turns the file to WAL. While another process creates or migrates the same file, SQLite fails
// the switch with SQLITE_BUSY at once, without its busy handler (waiting could deadlock), so the
// switch is tried again every 10 ms for up to `timeout_ms`: several connections of one --config
// opening one new file together all open it.
Status SwitchToWal(SqliteDb& db, int timeout_ms) {
  Clock* clock = Clock::System();
  const Clock::SteadyTime deadline = clock->MonotonicNow() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    Result<std::string> mode = JournalMode(db);
    if (mode.ok() && *mode == "wal") return Status::Ok();
    const bool busy = !mode.ok() && mode.status().code() == StatusCode::kUnavailable;
    if (!busy || clock->MonotonicNow() >= deadline) {
      if (!mode.ok()) return mode.status();
      return Status::Database(db.display() + ": cannot switch to WAL journal mode (it stays " + *mode + ")");
    }
    clock->SleepFor(std::chrono::milliseconds(10));
  }
}

}  // namespace

Result<std::unique_ptr<Sink>> SqliteSink::Open(const std::string& path, const std::string& display,
                                               const SinkOptions& options) {
  MEWS_RETURN_IF_ERROR(CheckConnectionName(options.connection));
  std::unique_ptr<SqliteSink> sink(new SqliteSink(path, options.connection));
  MEWS_RETURN_IF_ERROR(sink->db_.Open(path, display));
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout_ms)));
  // 16 KiB pages for a database this sink creates (an existing file keeps its page size): a quarter
  // of the page writes and B-tree levels of the 4 KiB default for the same rows.
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA page_size = 16384"));
  MEWS_RETURN_IF_ERROR(SwitchToWal(sink->db_, options.busy_timeout_ms));
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA synchronous = NORMAL"));
  // A fixed page cache, whatever the load size: 128 MiB for the tables and indexes, 16 MiB for the
  // temporary table of the ids a load has seen. Random-keyed B-trees thrash a smaller cache.
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA cache_size = " + std::to_string(kPageCacheKib)));
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA temp.cache_size = " + std::to_string(kSeenCacheKib)));
  // Temp tables are the connection's scratch space: dropping one need not overwrite its pages with
  // zeros (Debian's SQLite turns secure_delete on), which doubled the cost of dropping the staging.
  MEWS_RETURN_IF_ERROR(sink->db_.Exec("PRAGMA temp.secure_delete = OFF"));
  return std::unique_ptr<Sink>(std::move(sink));
}

SqliteSink::~SqliteSink() { CloseOpenLoad(); }

Status SqliteSink::CheckNoLoad(const char* what) const {
  if (!load_) return Status::Ok();
  return Status::Internal(db_.display() + ": " + what +
                          " cannot commit on its own while a SQLite load transaction is open");
}

Result<std::vector<std::string>> SqliteSink::TableColumns(const std::string& table) {
  Result<SqliteStmt> q = db_.Prepare("SELECT name FROM pragma_table_info(?1)");
  if (!q.ok()) return q.status();
  q->BindText(1, table);
  std::vector<std::string> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(q->ColumnText(0));
  }
  return out;
}

Result<std::vector<std::string>> SqliteSink::Migrate(const std::vector<const EntityMapping*>& mappings) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("schema migration"));
  MEWS_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Result<std::vector<std::string>> ddl = MigrationDdl(
      Dialect::kSqlite, "", mappings, [this](const std::string& t) { return TableColumns(t); });
  Status s = ddl.ok() ? Status::Ok() : ddl.status();
  if (s.ok()) {
    for (const std::string& statement : *ddl) {
      s = db_.Exec(statement);
      if (!s.ok()) break;
    }
  }
  if (s.ok()) s = db_.Exec("COMMIT");
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    return s;
  }
  return ddl;
}

Result<std::vector<std::string>> SqliteSink::PendingMigration(
    const std::vector<const EntityMapping*>& mappings) {
  return MigrationDdl(Dialect::kSqlite, "", mappings,
                      [this](const std::string& t) { return TableColumns(t); });
}

Status SqliteSink::CheckWritable() {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("the write check"));
  MEWS_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Status s = db_.Exec("CREATE TABLE etl_check_probe (x INTEGER)");
  if (s.ok()) s = db_.Exec("INSERT INTO etl_check_probe VALUES (1)");
  Status rolled_back = db_.Exec("ROLLBACK");
  return s.ok() ? rolled_back : s;
}

Status SqliteSink::LockEntity(const std::string& entity, LockMode mode) {
  Status s = locks_.Lock(LockName(entity), mode);
  if (s.code() == StatusCode::kUnavailable) {
    return Status::Unavailable("another mews-etl process is loading " + entity + " of connection \"" + connection_ +
                               "\" into this database (lock " + path_ + ".lock)");
  }
  if (s.ok()) return s;
  return s.WithContext(db_.display());
}

Status SqliteSink::UnlockEntity(const std::string& entity) { return locks_.Unlock(LockName(entity)); }

Result<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path, const std::string& display,
                                      const SinkOptions& options) {
  return SqliteSink::Open(path, display, options);
}

}  // namespace mews
