#include "load/postgres/pg_conn.h"

#include <libpq-fe.h>
#include <pqxx/tablewriter>

#include <algorithm>

#include "load/common.h"
#include "load/postgres/pg_errors.h"

namespace mews {
namespace {

std::string Head(const std::string& sql) {
  std::string one = OneLine(sql);
  return one.size() > 60 ? one.substr(0, 60) + "..." : one;
}

// libpq reports a failed connection without a SQLSTATE. Whether the server answers at all tells a
// server that is down, starting or shutting down (retrying helps) from one that refused us (it does
// not: wrong password, unknown database).
Status ConnectFailure(const std::string& uri, const std::string& display, const std::exception& e) {
  std::string msg = display + ": cannot connect: " + OneLine(e.what());
  PGPing ping = PQping(uri.c_str());
  if (ping == PQPING_NO_RESPONSE || ping == PQPING_REJECT) return Status::Unavailable(msg);
  return Status::Database(msg);
}

// Parameters as libpq wants them: a null pointer is NULL.
std::vector<const char*> Values(const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

constexpr size_t kCopyPieceBytes = size_t{64} << 10;

// The end of the piece of `data` that starts at `start`: just past the last newline within
// kCopyPieceBytes, or past the first newline of a longer line, or the end of `data`.
size_t PieceEnd(const std::string& data, size_t start) {
  if (data.size() - start <= kCopyPieceBytes) return data.size();
  const size_t last = data.rfind('\n', start + kCopyPieceBytes - 1);
  if (last != std::string::npos && last >= start) return last + 1;
  const size_t next = data.find('\n', start + kCopyPieceBytes);
  return next == std::string::npos ? data.size() : next + 1;
}

}  // namespace

Result<std::unique_ptr<PgConn>> PgConn::Connect(const std::string& uri, const std::string& display) {
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(uri);
    conn->set_client_encoding("UTF8");
  } catch (const std::exception& e) {
    return ConnectFailure(uri, display, e);
  }
  // A broken connection stays broken: libpqxx 6 would otherwise reconnect behind our back and lose
  // the session's advisory locks and temp tables. (Deprecated only because libpqxx 7 never does it.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  std::unique_ptr<PgConn> out(new PgConn(std::move(conn), display));
  MEWS_RETURN_IF_ERROR(out->Exec("SET TIME ZONE 'UTC'"));
  return out;
}

PgConn::~PgConn() { Rollback(); }

template <typename Fn>
Status PgConn::Run(const std::string& doing, Fn fn) {
  try {
    if (txn_) {
      fn(*txn_);
    } else {
      pqxx::nontransaction tx(*conn_);
      fn(tx);
    }
    return Status::Ok();
  } catch (const std::exception& e) {
    return PgFailure(e, display_, doing, conn_->is_open());
  }
}

Status PgConn::Begin() {
  if (txn_) return Status::Internal(display_ + ": a transaction is already open");
  try {
    txn_ = std::make_unique<pqxx::work>(*conn_);
    return Status::Ok();
  } catch (const std::exception& e) {
    return PgFailure(e, display_, "BEGIN", conn_->is_open());
  }
}

Status PgConn::Commit() {
  if (!txn_) return Status::Internal(display_ + ": COMMIT without a transaction");
  std::unique_ptr<pqxx::work> txn = std::move(txn_);
  try {
    txn->commit();
    return Status::Ok();
  } catch (const std::exception& e) {
    return PgFailure(e, display_, "COMMIT", conn_->is_open());
  }
}

void PgConn::Rollback() {
  std::unique_ptr<pqxx::work> txn = std::move(txn_);
  if (!txn) return;
  try {
    txn->abort();
  } catch (const std::exception&) {
    // The connection is gone, and the server abandoned the transaction with it.
  }
}

Status PgConn::Exec(const std::string& sql) {
  return Run(Head(sql), [&](pqxx::transaction_base& tx) { tx.exec(sql); });
}

Status PgConn::ExecInSavepoint(const std::string& sql, std::string* sqlstate) {
  sqlstate->clear();
  if (!txn_) return Status::Internal(display_ + ": a savepoint without a transaction");
  return Run(Head(sql), [&](pqxx::transaction_base&) {
    try {
      pqxx::subtransaction savepoint(*txn_);  // rolled back to when exec throws
      savepoint.exec(sql);
      savepoint.commit();
    } catch (const std::exception& e) {
      *sqlstate = SqlState(e);
      throw;
    }
  });
}

Result<PgResult> PgConn::Query(const std::string& sql, const PgParams& params) {
  PgResult out;
  const std::vector<const char*> values = Values(params);
  Status s = Run(Head(sql), [&](pqxx::transaction_base& tx) {
    out = PgResult(tx.exec_params(sql, pqxx::prepare::make_dynamic_params(values)));
  });
  if (!s.ok()) return s;
  return out;
}

Result<PgResult> PgConn::Prepared(const std::string& name, const std::string& sql, const PgParams& params) {
  PgResult out;
  const std::vector<const char*> values = Values(params);
  Status s = Run(Head(sql), [&](pqxx::transaction_base& tx) {
    if (std::find(prepared_.begin(), prepared_.end(), name) == prepared_.end()) {
      conn_->prepare(name, sql);
      prepared_.push_back(name);
    }
    out = PgResult(tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(values)));
  });
  if (!s.ok()) return s;
  return out;
}

Status PgConn::CopyIn(const std::string& table, const std::vector<std::string>& columns, const std::string& data,
                      bool freeze) {
  // The text the sink built is sent as it is, in pieces of whole lines: tablewriter::write_raw_line
  // copies its argument twice (to take off and put back the last newline) before PQputCopyData.
  // Pieces of kCopyPieceBytes keep those copies in cache and under malloc's mmap threshold; one
  // write of an 8 MiB chunk doubled the client's CPU time and added 20 MiB of RSS. stream_to
  // (libpqxx's successor) keeps the raw call private in 6.4.
  return Run("COPY " + table, [&](pqxx::transaction_base& tx) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    // tablewriter sends "COPY <name> FROM STDIN" and has no place for options: the name carries the
    // columns and, with FREEZE, the option, and a comment takes the rest of tablewriter's statement.
    std::string target = table + " (";
    for (size_t i = 0; i < columns.size(); ++i) target += (i ? ", " : "") + columns[i];
    target += freeze ? ") FROM STDIN (FREEZE) --" : ")";
    pqxx::tablewriter writer(tx, target);
#pragma GCC diagnostic pop
    std::string piece;
    for (size_t start = 0; start < data.size();) {
      const size_t end = PieceEnd(data, start);
      piece.assign(data, start, end - start);
      writer.write_raw_line(piece);
      start = end;
    }
    writer.complete();
  });
}

}  // namespace mews
