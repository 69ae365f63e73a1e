// UTC time helpers for mews-sim: microseconds since the Unix epoch, ISO 8601 text both ways.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mews::sim {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

// Now, in microseconds since the epoch.
int64_t NowMicros();

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days, int64_t* y, unsigned* m, unsigned* d);

// Appends "YYYY-MM-DDTHH:MM:SS[.f...]Z" with `fraction_digits` (0-6) digits of `micros`
// (truncated), plus `extra_digit` ('0'-'9') as a seventh digit when it is not '\0'.
void AppendUtc(std::string* out, int64_t micros, int fraction_digits, char extra_digit = '\0');
std::string FormatUtc(int64_t micros, int fraction_digits = 0);
// Appends "YYYY-MM-DD" for days since the epoch.
void AppendDate(std::string* out, int64_t days);
std::string FormatDate(int64_t days);
// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 7231 IMF-fixdate) for whole seconds since the epoch.
std::string FormatHttpDate(int64_t seconds);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+00:00)"; digits beyond microseconds are truncated.
// nullopt when the text is not such a UTC timestamp.
std::optional<int64_t> ParseUtc(std::string_view text);
// Parses "YYYY-MM-DD" into days since the epoch; nullopt when malformed.
std::optional<int64_t> ParseDate(std::string_view text);

}  // namespace mews::sim
