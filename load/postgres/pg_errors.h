// What a PostgreSQL failure means for the caller, from libpqxx's exception classes and the SQLSTATE
// (design: load/README.md, "Errors"). Internal to load/postgres.
#pragma once

#include <exception>
#include <string>

#include "core/status.h"

namespace mews {

// The SQLSTATE of an exception libpqxx threw, or "" when it names none.
std::string SqlState(const std::exception& e);

// The StatusCode for a SQLSTATE: class 08 and 57P01-57P03 kUnavailable, 40001 and 40P01
// kRetryable, everything else kDatabase.
StatusCode ClassifySqlState(const std::string& sqlstate);

// The Status for the exception `e` thrown by libpqxx while doing `doing` on `display`: one line,
// "<display>: <message> (SQLSTATE xxxxx, in: <doing>)". A failure that leaves the connection closed
// (`connection_open` false) is kUnavailable, or kInDoubt when libpqxx reports the COMMIT in doubt.
Status PgFailure(const std::exception& e, const std::string& display, const std::string& doing,
                 bool connection_open);

}  // namespace mews
