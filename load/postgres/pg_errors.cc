#include "load/postgres/pg_errors.h"

#include <pqxx/except>

#include "load/common.h"

namespace mews {
namespace {

// The server's message without its severity ("ERROR:  ", "FATAL:  "), first line only (DETAIL and
// HINT follow on their own lines).
std::string Primary(const char* what) {
  std::string m = what;
  m = m.substr(0, m.find('\n'));
  for (const char* severity : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
    if (m.rfind(severity, 0) == 0) return OneLine(m.substr(std::string(severity).size()));
  }
  return OneLine(m);
}

}  // namespace

// libpqxx 6.4 throws class 40 errors as transaction_rollback subclasses, which carry no SQLSTATE
// (they are not sql_errors): their class names it.
std::string SqlState(const std::exception& e) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) return sql->sqlstate();
  if (dynamic_cast<const pqxx::serialization_failure*>(&e)) return "40001";
  if (dynamic_cast<const pqxx::deadlock_detected*>(&e)) return "40P01";
  if (dynamic_cast<const pqxx::statement_completion_unknown*>(&e)) return "40003";
  if (dynamic_cast<const pqxx::transaction_rollback*>(&e)) return "40000";
  return "";
}

StatusCode ClassifySqlState(const std::string& sqlstate) {
  if (sqlstate.rfind("08", 0) == 0) return StatusCode::kUnavailable;  // connection exception
  if (sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03") return StatusCode::kUnavailable;
  if (sqlstate == "40001" || sqlstate == "40P01") return StatusCode::kRetryable;
  return StatusCode::kDatabase;
}

Status PgFailure(const std::exception& e, const std::string& display, const std::string& doing,
                 bool connection_open) {
  std::string where = "in: " + doing;
  StatusCode code = StatusCode::kDatabase;
  const std::string sqlstate = SqlState(e);
  if (!sqlstate.empty()) {
    where = "SQLSTATE " + sqlstate + ", " + where;
    code = ClassifySqlState(sqlstate);
  }
  // libpqxx's in_doubt_error, and 40003 statement_completion_unknown: nobody can say whether the
  // statement or the COMMIT took effect.
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) || dynamic_cast<const pqxx::statement_completion_unknown*>(&e)) {
    code = StatusCode::kInDoubt;
  } else if (dynamic_cast<const pqxx::broken_connection*>(&e) || !connection_open) {
    code = StatusCode::kUnavailable;
  }
  // libpqxx words a lost connection after its own steps ("Could not obtain client encoding: not
  // connected"): say what happened first.
  const std::string lost = connection_open ? "" : "connection lost: ";
  const std::string msg = display + ": " + lost + Primary(e.what()) + " (" + where + ")";
  switch (code) {
    case StatusCode::kUnavailable: return Status::Unavailable(msg);
    case StatusCode::kRetryable: return Status::Retryable(msg);
    case StatusCode::kInDoubt: return Status::InDoubt(msg);
    default: return Status::Database(msg);
  }
}

}  // namespace mews
