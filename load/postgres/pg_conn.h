// A thin RAII wrapper over one libpq connection for the PostgreSQL sink. Internal to load/ (includes
// libpq-fe.h). Errors are one-line Status values naming the redacted URL and what was being done.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "schemas/result.h"

namespace mews {

class PgResult {
 public:
  explicit PgResult(PGresult* r = nullptr) : r_(r) {}
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept;
  ~PgResult() { if (r_) PQclear(r_); }

  int rows() const { return PQntuples(r_); }
  bool null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string text(int row, int col) const { return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col)); }
  int64_t integer(int row, int col) const { return std::stoll(PQgetvalue(r_, row, col)); }
  int64_t affected() const;  // PQcmdTuples

 private:
  PGresult* r_;
};

using PgParams = std::vector<std::optional<std::string>>;  // nullopt is NULL

class PgConn {
 public:
  static Result<std::unique_ptr<PgConn>> Connect(const std::string& uri, const std::string& display);
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn();

  // Runs `sql` (one or more statements without parameters).
  Status Exec(const std::string& sql);
  // Runs one statement with text parameters $1.. and returns its result.
  Result<PgResult> Query(const std::string& sql, const PgParams& params = {});
  // COPY ... FROM STDIN with `data` in the COPY text format.
  Status CopyIn(const std::string& copy_sql, const std::string& data);
  const std::string& display() const { return display_; }
  bool InTransaction() const { return PQtransactionStatus(conn_) != PQTRANS_IDLE; }

 private:
  PgConn(PGconn* conn, std::string display) : conn_(conn), display_(std::move(display)) {}
  Status ResultError(PGresult* r, const std::string& sql) const;
  Status ConnError(const std::string& doing) const;

  PGconn* conn_;
  std::string display_;
};

}  // namespace mews
