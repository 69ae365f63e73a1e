// Time in mews-sim: core/time.h (the one time module) under the names the simulator uses, plus the
// two forms only a server writes: timestamps with a chosen number of fraction digits (imitating
// Mews's writers) and HTTP dates. Pure functions but NowMicros(); thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/civil_date.h"
#include "core/time.h"

namespace mews::sim {

using mews::CivilFromDays;
using mews::DaysFromCivil;
using mews::kMicrosPerDay;
using mews::kMicrosPerSecond;

// Now from the system clock, in microseconds since the epoch.
inline int64_t NowMicros() { return Clock::System()->NowMicros(); }

// Appends "YYYY-MM-DDTHH:MM:SS[.f...]Z" with `fraction_digits` (0-6) digits of `micros`
// (truncated), plus `extra_digit` ('0'-'9') as a seventh digit when it is not '\0'.
void AppendUtc(std::string* out, int64_t micros, int fraction_digits, char extra_digit = '\0');
std::string FormatUtc(int64_t micros, int fraction_digits = 0);
// "YYYY-MM-DD" for days since the epoch.
using mews::AppendDate;
using mews::FormatDate;
// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 7231 IMF-fixdate) for whole seconds since the epoch.
std::string FormatHttpDate(int64_t seconds);

// A timestamp of core/time.h, in microseconds since the epoch; nullopt for anything else.
inline std::optional<int64_t> ParseUtc(std::string_view text) { return ParseTimestamp(text); }
// A date "YYYY-MM-DD", in days since the epoch; nullopt for anything else.
using mews::ParseDate;

}  // namespace mews::sim
