// The one JSON string escaper (RFC 8259): every stage and tool that writes a JSON string literal
// writes it through here. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mews {

// What becomes of a NUL byte: the escape \u0000, or \ufffd (U+FFFD) for text bound for a database
// that refuses NUL (PostgreSQL).
enum class JsonNul { kEscape, kReplace };

// Appends `in` as the inside of a JSON string literal (no quotes): `"` and `\` escaped; \b \f \n \r
// \t by their short escapes; every other byte below 0x20 as \u00xx (lower-case hex); NUL as `nul`
// says; every other byte (UTF-8 included) unchanged.
void AppendJsonEscaped(std::string_view in, std::string* out, JsonNul nul = JsonNul::kEscape);

// `in` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view in);

}  // namespace mews
