// Helpers shared by the sinks of the load stage (no database types). Internal to load/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"  // timestamps: the sinks compare, write and read them back
#include "load/sink.h"

namespace mews {

enum class DbKind { kPostgres, kSqlite };

struct DbUrl {
  DbKind kind = DbKind::kSqlite;
  std::string target;   // libpq URI as given, or the SQLite file path
  std::string display;  // RedactDatabaseUrl(url)
};

// Classifies `url`; kInvalidArgument (one line, redacted) for an unknown scheme or an empty path.
Result<DbUrl> ParseDbUrl(const std::string& url);

// kInvalidArgument unless `schema` is a plain lower-case identifier.
Status CheckSchemaName(const std::string& schema);

// {"table":{"inserted":1,"updated":2,"unchanged":3,"deleted":0},...}
std::string CountsJson(const LoadCounts& counts);

// Adds each of `from`'s counts into the table of `*into` at the same position (root first).
void AddCounts(const std::vector<TableCounts>& from, std::vector<TableCounts>* into);

// A libpq/SQLite message squeezed onto one line: newlines and tabs become spaces, runs collapse,
// the trailing period and spaces go.
std::string OneLine(std::string_view message);

// Appends `v` in decimal, as std::to_string would, without a temporary string.
void AppendInt(int64_t v, std::string* out);

}  // namespace mews

#include <optional>
#include <vector>

namespace mews {

// For each child table of `batch`, the first child row of every root row: starts[k][r] ..
// starts[k][r + 1] are root row r's rows in child table k (size rows() + 1). Child rows are matched
// to root rows by parent_id in order, a new parent starting where the ordinal does not increase, so
// two records with the same id in one batch keep their own children. kInternal when a child row has
// no root row.
Status ChildRowStarts(const RowBatch& batch, std::vector<std::vector<size_t>>* starts);

// Index of the first column of `table` with `role`, or -1.
int ColumnWithRole(const Table& table, ColumnRole role);

// The watermark of (`connection`, `entity`, `kind`) in `all` (a sink's ListWatermarks), if any;
// `all`'s error as it is.
Result<std::optional<Watermark>> FindWatermark(Result<std::vector<Watermark>> all, const std::string& connection,
                                               const std::string& entity, const std::string& kind);

}  // namespace mews
