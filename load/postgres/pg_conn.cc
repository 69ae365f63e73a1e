#include "load/postgres/pg_conn.h"

#include <algorithm>

#include "load/common.h"

namespace mews {
namespace {

std::string Head(const std::string& sql) {
  std::string one = OneLine(sql);
  return one.size() > 60 ? one.substr(0, 60) + "..." : one;
}

}  // namespace

PgResult& PgResult::operator=(PgResult&& o) noexcept {
  if (this != &o) {
    if (r_) PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return (n && *n) ? std::stoll(n) : 0;
}

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& uri, const std::string& display) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (conn == nullptr) return Status::Database(display + ": cannot connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Database(display + ": cannot connect: " + msg);
  }
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // NOTICEs are not errors: keep stderr clean
  std::unique_ptr<PgConn> out(new PgConn(conn, display));
  if (PQsetClientEncoding(conn, "UTF8") != 0) return out->ConnError("setting client_encoding");
  MEWS_RETURN_IF_ERROR(out->Exec("SET TIME ZONE 'UTC'"));
  return out;
}

PgConn::~PgConn() { PQfinish(conn_); }

Status PgConn::ConnError(const std::string& doing) const {
  return Status::Database(display_ + ": " + OneLine(PQerrorMessage(conn_)) + " (" + doing + ")");
}

Status PgConn::ResultError(PGresult* r, const std::string& sql) const {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : PQerrorMessage(conn_);
  return Status::Database(display_ + ": " + OneLine(msg) + " (in: " + Head(sql) + ")");
}

Status PgConn::Exec(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  Status out = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? Status::Ok() : ResultError(r, sql);
  if (r) PQclear(r);
  return out;
}

Result<PgResult> PgConn::Query(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                             nullptr, nullptr, 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    Status s = ResultError(r, sql);
    if (r) PQclear(r);
    return s;
  }
  return PgResult(r);
}

Status PgConn::CopyIn(const std::string& copy_sql, const std::string& data) {
  PGresult* r = PQexec(conn_, copy_sql.c_str());
  if (r == nullptr || PQresultStatus(r) != PGRES_COPY_IN) {
    Status s = ResultError(r, copy_sql);
    if (r) PQclear(r);
    return s;
  }
  PQclear(r);
  const size_t kChunk = size_t{1} << 20;
  for (size_t off = 0; off < data.size(); off += kChunk) {
    size_t n = std::min(kChunk, data.size() - off);
    if (PQputCopyData(conn_, data.data() + off, static_cast<int>(n)) != 1) return ConnError("sending COPY data");
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return ConnError("ending COPY");
  Status out;
  while ((r = PQgetResult(conn_)) != nullptr) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && out.ok()) out = ResultError(r, copy_sql);
    PQclear(r);
  }
  return out;
}

}  // namespace mews
