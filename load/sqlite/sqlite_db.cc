#include "load/sqlite/sqlite_db.h"

#include <cerrno>
#include <cstring>
#include <mutex>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "load/common.h"

namespace mews {
namespace {

// SQLite keeps process-wide memory statistics by default, under a global mutex taken on every one of
// its allocations; nothing here reads them (sqlite3_memory_used, soft heap limits). Turned off before
// SQLite's first use in the process; a process that used SQLite before keeps them, and works the same.
void DisableMemoryStatistics() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

const char* PrimaryName(int code) {
  static const char* const kNames[] = {
      "SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY",
      "SQLITE_LOCKED", "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT",
      "SQLITE_NOTFOUND", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA",
      "SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE", "SQLITE_NOLFS", "SQLITE_AUTH",
      "SQLITE_FORMAT", "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING"};
  const int primary = code & 0xff;
  return primary < static_cast<int>(sizeof kNames / sizeof kNames[0]) ? kNames[primary] : "SQLITE_?";
}

// The operating system's reason for a failed write (": File too large" for a file size limit,
// ": No space left on device"), which SQLite's own text ("disk I/O error") leaves out; "" for other
// errors. SQLite does not always keep that errno itself, so callers pass the thread's errno as it
// was right after the failing call.
std::string OsReason(sqlite3* db, int os_errno) {
  int primary = sqlite3_extended_errcode(db) & 0xff;
  if (primary != SQLITE_IOERR && primary != SQLITE_FULL) return "";
  if (sqlite3_system_errno(db) != 0) os_errno = sqlite3_system_errno(db);
  if (os_errno == ENOSPC || os_errno == EFBIG || os_errno == EDQUOT || os_errno == EIO ||
      os_errno == EROFS) {
    return std::string(": ") + std::strerror(os_errno);
  }
  return "";
}

std::string ErrorText(sqlite3* db, int os_errno) {
  return OneLine(sqlite3_errmsg(db)) + OsReason(db, os_errno);
}


}  // namespace

StatusCode ClassifySqliteCode(int extended_code) {
  if (extended_code == SQLITE_BUSY_SNAPSHOT) return StatusCode::kRetryable;
  if ((extended_code & 0xff) == SQLITE_BUSY) return StatusCode::kUnavailable;
  return StatusCode::kDatabase;
}

Status SqliteFailure(int extended_code, const std::string& message) {
  const std::string code = std::string(PrimaryName(extended_code)) + " " + std::to_string(extended_code);
  std::string msg = message;
  const size_t paren = msg.rfind(" (in: ");
  if (paren != std::string::npos && msg.back() == ')') {
    msg.insert(paren + 2, code + ", ");
  } else {
    msg += " (" + code + ")";
  }
  switch (ClassifySqliteCode(extended_code)) {
    case StatusCode::kUnavailable: return Status::Unavailable(msg);
    case StatusCode::kRetryable: return Status::Retryable(msg);
    default: return Status::Database(msg);
  }
}

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    where_ = other.where_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStmt::~SqliteStmt() {
  if (stmt_) sqlite3_finalize(stmt_);
}

void SqliteStmt::BindCell(int index, const TableRows& rows, size_t row, size_t col) {
  const Cell& c = rows.cell(row, col);
  switch (c.kind) {
    case Cell::kNull: sqlite3_bind_null(stmt_, index); break;
    case Cell::kInt: sqlite3_bind_int64(stmt_, index, static_cast<int64_t>(c.bits)); break;
    case Cell::kBool: sqlite3_bind_int(stmt_, index, c.bits ? 1 : 0); break;
    case Cell::kText: BindTextStatic(index, rows.text(row, col)); break;
  }
}

void SqliteStmt::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStmt::BindTextStatic(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void SqliteStmt::BindInt(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void SqliteStmt::BindNull(int index) { sqlite3_bind_null(stmt_, index); }

Result<bool> SqliteStmt::Step() {
  errno = 0;
  int rc = sqlite3_step(stmt_);
  int os_errno = errno;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  if (sql.size() > 60) sql = sql.substr(0, 60) + "...";
  Status s = SqliteFailure(rc, *where_ + ": " + ErrorText(db, os_errno) + " (in: " + OneLine(sql) + ")");
  sqlite3_reset(stmt_);
  return s;
}

Status SqliteStmt::Run() {
  Result<bool> r = Step();
  while (r.ok() && *r) r = Step();
  sqlite3_reset(stmt_);
  return r.ok() ? Status::Ok() : r.status();
}

void SqliteStmt::Reset() { sqlite3_reset(stmt_); }

std::string SqliteStmt::ColumnText(int col) const { return std::string(ColumnView(col)); }

std::string_view SqliteStmt::ColumnView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

Status SqliteDb::ReleaseCacheMemory() {
  const int rc = sqlite3_db_cacheflush(db_);
  if (rc != SQLITE_OK) return Error("flushing the page cache");
  sqlite3_db_release_memory(db_);
#ifdef __GLIBC__
  malloc_trim(0);
#endif
  return Status::Ok();
}

SqliteDb::~SqliteDb() {
  if (db_) sqlite3_close_v2(db_);
}

Status SqliteDb::Open(const std::string& path, const std::string& display) {
  display_ = display;
  DisableMemoryStatistics();
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    return SqliteFailure(db_ ? sqlite3_extended_errcode(db_) : rc, display_ + ": cannot open: " + OneLine(msg));
  }
  sqlite3_extended_result_codes(db_, 1);
  return Status::Ok();
}

Status SqliteDb::Error(const std::string& doing) const {
  return SqliteFailure(sqlite3_extended_errcode(db_), display_ + ": " + ErrorText(db_, errno) + " (in: " + doing + ")");
}

Status SqliteDb::Exec(const std::string& sql) {
  char* err = nullptr;
  errno = 0;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = (err ? OneLine(err) : "unknown error") + OsReason(db_, errno);
  sqlite3_free(err);
  std::string head = sql.size() > 60 ? sql.substr(0, 60) + "..." : sql;
  return SqliteFailure(rc, display_ + ": " + OneLine(msg) + " (in: " + OneLine(head) + ")");
}

Result<SqliteStmt> SqliteDb::Prepare(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    std::string head = sql.size() > 60 ? sql.substr(0, 60) + "..." : sql;
    return Error("preparing: " + head);
  }
  return SqliteStmt(stmt, &display_);
}

}  // namespace mews
