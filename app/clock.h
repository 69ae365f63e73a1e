// UTC instants for planning sync windows: microseconds since the Unix epoch, and the contract's
// canonical text forms. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace mews {

using Micros = int64_t;

constexpr Micros kMicrosPerSecond = 1000000;
constexpr Micros kMicrosPerDay = 86400 * kMicrosPerSecond;

Micros NowMicros();

// Parses "YYYY-MM-DDTHH:MM:SS[.f{1,7}](Z|±HH:MM)" or a bare date "YYYY-MM-DD" (midnight UTC).
// `what` names the flag or field in the error ("--since: not an ISO 8601 UTC timestamp: 'x'").
Result<Micros> ParseInstant(const std::string& text, const std::string& what);

// Canonical "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (fraction trimmed of trailing zeros, none when 0).
std::string FormatInstant(Micros t);

// "YYYY-MM-DD" of the UTC day containing `t`.
std::string FormatDate(Micros t);

}  // namespace mews
