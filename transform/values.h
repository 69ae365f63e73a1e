// Value parsers of the transform stage: turn JSON scalar text into the canonical forms of
// docs/tables.md, "Values" (see ColumnType). Pure functions, thread-safe, no allocation beyond the
// output string. Every Append* function appends to `out` only on success and leaves it unchanged
// on failure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_escape.h"
#include "core/time.h"

namespace mews {

// 8-4-4-4-12 hex digits, any case; appends the lower-case form (36 bytes).
bool AppendUuid(std::string_view in, std::string* out);
// AppendUuid into `out[0, 36)`; `out` is unspecified on failure.
bool WriteUuid(std::string_view in, char* out);

// A timestamp of core/time.h (the one grammar); appends its canonical form. Exactly
// CanonicalizeTimestamp, with a fast path for text that is canonical already.
bool AppendTimestamp(std::string_view in, std::string* out);
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

// False when JSON number `in` is beyond the range of a double (it would read as Infinity). Cheap
// for plain numbers of up to 300 characters.
bool IsDecimalInDoubleRange(std::string_view in);

enum class IntegerParse { kOk, kNotInteger, kOutOfRange, kInvalid };
// A JSON number token that must be an integer within int64 (`5.0` and `1e3` are kNotInteger).
IntegerParse ParseJsonInteger(std::string_view in, int64_t* value);

// True when `in` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view in);

// True when the raw text of a JSON string (between its quotes, as written) holds a \u escape. Only
// such an escape can unescape into something that is not valid UTF-8: every other escape is ASCII,
// and simdjson has validated the raw text.
bool HasUnicodeEscape(std::string_view raw);

// Appends `in` with every byte that is not part of a well-formed UTF-8 sequence, and every NUL,
// replaced by U+FFFD: text any database accepts (for a rejected line's raw text).
void AppendStorableText(std::string_view in, std::string* out);

// The deepest nesting of arrays and objects in JSON text `json` (0 for a scalar).
size_t JsonNestingDepth(std::string_view json);

// Appends `in`, replacing each NUL byte by U+FFFD (EF BF BD), which PostgreSQL text accepts.
void AppendTextReplacingNul(std::string_view in, std::string* out);

// Appends JSON text `in` with every \u0000 escape inside its strings replaced by \ufffd.
void AppendJsonReplacingNulEscapes(std::string_view in, std::string* out);

// True when `in` is exactly one valid JSON value (optionally surrounded by whitespace). Iterative:
// any nesting depth is fine. Strings must be valid UTF-8 with valid escapes.
bool IsValidJson(std::string_view in);

}  // namespace mews
