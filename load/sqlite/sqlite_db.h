// A thin RAII wrapper over the SQLite C API for the SQLite sink. Internal to load/ (includes
// sqlite3.h). Errors are one-line Status values naming the database's display URL.
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "schemas/row_batch.h"

namespace mews {

// What an SQLite extended result code means for the caller: SQLITE_BUSY_SNAPSHOT kRetryable (the
// transaction read a snapshot another writer has moved past: running it again works), the other
// SQLITE_BUSY codes kUnavailable (another writer held the database past busy_timeout), everything
// else kDatabase, SQLITE_IOERR and SQLITE_FULL included (a failing or full disk does not heal in
// seconds).
StatusCode ClassifySqliteCode(int extended_code);

// `message` ("<display>: <what> (in: <doing>)") with the code's name and number added, classified.
Status SqliteFailure(int extended_code, const std::string& message);

class SqliteStmt {
 public:
  SqliteStmt() = default;
  SqliteStmt(sqlite3_stmt* stmt, const std::string* where) : stmt_(stmt), where_(where) {}
  SqliteStmt(SqliteStmt&& other) noexcept { *this = std::move(other); }
  SqliteStmt& operator=(SqliteStmt&& other) noexcept;
  ~SqliteStmt();

  bool valid() const { return stmt_ != nullptr; }
  // Binds parameter `index` (1-based) to a cell of `rows`; text is not copied (SQLITE_STATIC).
  void BindCell(int index, const TableRows& rows, size_t row, size_t col);
  void BindText(int index, std::string_view text);        // copied
  void BindTextStatic(int index, std::string_view text);  // not copied: must outlive the step
  void BindInt(int index, int64_t value);
  void BindNull(int index);
  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion and resets.
  Status Run();
  void Reset();
  int64_t ColumnInt(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool ColumnNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string ColumnText(int col) const;
  std::string_view ColumnView(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  const std::string* where_ = nullptr;  // the owning database's display URL
};

class SqliteDb {
 public:
  SqliteDb() = default;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Opens (creating) `path`; `display` names it in errors. The connection is for one thread at a
  // time (SQLite's multi-thread mode: no locking of its own on every call); whoever shares it
  // between threads serializes the calls.
  Status Open(const std::string& path, const std::string& display);
  Status Exec(const std::string& sql);
  Result<SqliteStmt> Prepare(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  int64_t LastRowId() const { return sqlite3_last_insert_rowid(db_); }
  bool InTransaction() const { return db_ != nullptr && !sqlite3_get_autocommit(db_); }
  // Writes the page cache's dirty pages out (to the WAL, in a write transaction), frees every page
  // the cache does not need, and hands free heap memory back to the operating system.
  Status ReleaseCacheMemory();
  // A Status for the connection's last error, with what was being done.
  Status Error(const std::string& doing) const;
  const std::string& display() const { return display_; }

 private:
  sqlite3* db_ = nullptr;
  std::string display_;
};

}  // namespace mews
