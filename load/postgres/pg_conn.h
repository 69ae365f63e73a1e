// One PostgreSQL session of the PostgreSQL sink, on libpqxx: a connection, at most one open
// transaction, prepared statements and COPY. Internal to load/postgres (includes libpqxx; no pqxx
// type leaves load/postgres). Every failure is a one-line Status naming the redacted URL, classified
// by what the caller can do (pg_errors.h): kUnavailable, kRetryable, kInDoubt or kDatabase.
#pragma once

#include <pqxx/pqxx>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace mews {

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pqxx::result r) : r_(std::move(r)) {}

  int rows() const { return static_cast<int>(r_.size()); }
  bool null(int row, int col) const { return r_[row][col].is_null(); }
  std::string text(int row, int col) const { return r_[row][col].c_str(); }
  int64_t integer(int row, int col) const { return r_[row][col].as<int64_t>(); }
  int64_t affected() const { return static_cast<int64_t>(r_.affected_rows()); }

 private:
  pqxx::result r_;
};

using PgParams = std::vector<std::optional<std::string>>;  // nullopt is NULL

class PgConn {
 public:
  // kUnavailable when the server cannot be reached or is starting or shutting down; kDatabase when
  // it refuses the login.
  static Result<std::unique_ptr<PgConn>> Connect(const std::string& uri, const std::string& display);
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn();

  // The transaction every following call runs in until Commit or Rollback; without one, each call
  // commits on its own.
  Status Begin();
  // kInDoubt when the connection broke during the COMMIT: the outcome is unknown.
  Status Commit();
  // Abandons the open transaction, if any. Never fails: a broken connection has abandoned it already.
  void Rollback();
  bool InTransaction() const { return txn_ != nullptr; }

  // Runs `sql` (one or more statements without parameters).
  Status Exec(const std::string& sql);
  // Runs `sql` in a savepoint of the open transaction: when it fails, what it did is undone, the
  // transaction goes on, and `sqlstate` holds the failure's SQLSTATE ("" when it names none).
  Status ExecInSavepoint(const std::string& sql, std::string* sqlstate);
  // Runs one statement with text parameters $1.. and returns its result.
  Result<PgResult> Query(const std::string& sql, const PgParams& params = {});
  // Runs the statement prepared under `name` (prepared on first use, once per connection).
  Result<PgResult> Prepared(const std::string& name, const std::string& sql, const PgParams& params);
  // COPY `table` (`columns`) FROM STDIN with `data` in the COPY text format (whole lines). With
  // `freeze`, the rows are written frozen and all-visible (COPY's FREEZE option: only into a table
  // created or truncated in the open transaction, and outside any savepoint taken since).
  Status CopyIn(const std::string& table, const std::vector<std::string>& columns, const std::string& data,
                bool freeze = false);
  const std::string& display() const { return display_; }

 private:
  PgConn(std::unique_ptr<pqxx::connection> conn, std::string display)
      : conn_(std::move(conn)), display_(std::move(display)) {}
  // Runs `fn` with the open transaction, or an autocommitting one; exceptions become a Status.
  template <typename Fn>
  Status Run(const std::string& doing, Fn fn);

  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::work> txn_;
  std::vector<std::string> prepared_;
  std::string display_;
};

}  // namespace mews
