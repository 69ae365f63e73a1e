// Identifier rules of the table contract (docs/tables.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mews {

// PascalCase JSON name to snake_case: "QrCodeData" -> "qr_code_data", "IATACode" -> "iata_code",
// "DUNS" -> "duns". An underscore goes before an upper-case letter that follows a lower-case letter or
// digit, and before the last capital of a run that is followed by a lower-case letter.
std::string SnakeCase(std::string_view name);

// snake_case of each segment joined with '_': {"Amount","NetValue"} -> "amount_net_value".
std::string ColumnNameForPath(const std::vector<std::string>& path);

// PostgreSQL truncates identifiers longer than this many bytes.
constexpr size_t kMaxIdentifierBytes = 63;

// True for [a-z_][a-z0-9_]* of at most kMaxIdentifierBytes bytes: safe unquoted in both databases.
bool IsValidIdentifier(std::string_view name);

// "Amount.NetValue" <-> {"Amount","NetValue"}.
std::vector<std::string> SplitPath(std::string_view dotted);
std::string JoinPath(const std::vector<std::string>& path);

}  // namespace mews
