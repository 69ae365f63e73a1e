// Value parsers of the transform stage: turn JSON scalar text into the canonical forms of
// docs/tables.md, "Values" (see ColumnType). Pure functions, thread-safe, no allocation beyond the
// output string. Every Append* function appends to `out` only on success and leaves it unchanged
// on failure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mews {

// 8-4-4-4-12 hex digits, any case; appends the lower-case form (36 bytes).
bool AppendUuid(std::string_view in, std::string* out);
// AppendUuid into `out[0, 36)`; `out` is unspecified on failure.
bool WriteUuid(std::string_view in, char* out);

// ISO 8601 date-time: YYYY-MM-DDTHH:MM:SS, an optional fraction of 1..7 digits, then `Z`,
// `+hh:mm`, `-hh:mm`, `+hhmm` or `-hhmm`. Appends UTC as YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z: the fraction
// truncated to 6 digits, trailing zeros removed. Fails on invalid fields or a result outside years
// 0001..9999.
bool AppendTimestamp(std::string_view in, std::string* out);
// The longest text AppendTimestamp appends ("YYYY-MM-DDTHH:MM:SS.ffffffZ").
constexpr size_t kMaxTimestampSize = 27;
// AppendTimestamp into `out` (room for kMaxTimestampSize bytes): the size written, 0 on failure.
size_t WriteTimestamp(std::string_view in, char* out);

// YYYY-MM-DD with a valid month and day (leap years included); appends it unchanged.
bool AppendDate(std::string_view in, std::string* out);
// True when AppendDate accepts `in`.
bool IsValidDate(std::string_view in);

// An ISO 8601 duration (`P1Y2M3DT4H5M6.5S`, `P2W`, optionally `-P…`), checked loosely: designators
// in order, each after a number, at least one component, `T` followed by a time component.
bool IsValidDuration(std::string_view in);

// The JSON number grammar (RFC 8259): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsValidJsonNumber(std::string_view in);
// IsValidJsonNumber, faster for short plain numbers (-?digits, one optional fraction); `in.data()`
// must have at least 8 readable bytes (as in simdjson's padded input).
bool IsValidJsonNumberPadded(std::string_view in);

enum class IntegerParse { kOk, kNotInteger, kOutOfRange, kInvalid };
// A JSON number token that must be an integer within int64 (`5.0` and `1e3` are kNotInteger).
IntegerParse ParseJsonInteger(std::string_view in, int64_t* value);

// True when `in` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view in);

// True when the raw text of a JSON string (between its quotes, as written) holds a \u escape. Only
// such an escape can unescape into something that is not valid UTF-8: every other escape is ASCII,
// and simdjson has validated the raw text.
bool HasUnicodeEscape(std::string_view raw);

// Appends `in`, replacing each NUL byte by U+FFFD (EF BF BD), which PostgreSQL text accepts.
void AppendTextReplacingNul(std::string_view in, std::string* out);

// Appends `in` as the inside of a JSON string literal (quotes not included): `"` `\` and control
// characters escaped, NUL written as \ufffd.
void AppendJsonEscaped(std::string_view in, std::string* out);

// Appends JSON text `in` with every \u0000 escape inside its strings replaced by \ufffd.
void AppendJsonReplacingNulEscapes(std::string_view in, std::string* out);

// True when `in` is exactly one valid JSON value (optionally surrounded by whitespace). Iterative:
// any nesting depth is fine. Strings must be valid UTF-8 with valid escapes.
bool IsValidJson(std::string_view in);

}  // namespace mews
