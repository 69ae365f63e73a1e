// DDL of the table contract (docs/tables.md) for both databases, generated from mappings.
// Pure text: nothing here touches a database. Used by both sinks (Migrate) and by SchemaDdl.
#pragma once

#include <string>
#include <vector>

#include "schemas/schema.h"

namespace mews {

enum class Dialect { kPostgres, kSqlite };

// The lineage columns every entity (root) table has besides the mapping's columns; `_extra` comes
// from the mapping itself.
struct LineageColumn {
  const char* name;
  const char* pg_type;
  const char* description;
  bool not_null = false;  // a table that gets it added fills its existing rows with 'default'
  const char* sqlite_type = "TEXT";
};
const std::vector<LineageColumn>& LineageColumns();

// PostgreSQL entity tables (root and child) leave a tenth of each page free, so that an update that
// changes no indexed column (most changes of a record) stays on its page as a HOT update and writes
// none of the table's indexes. SQLite has no such setting.
constexpr const char* kEntityFillFactor = "90";

// A SQL type name for `type` in `dialect` ("numeric", "REAL", ...).
const char* SqlType(Dialect dialect, ColumnType type);

// `schema.name` in PostgreSQL (schema may be ""), `name` in SQLite.
std::string QualifiedName(Dialect dialect, const std::string& schema, const std::string& name);

// A single-quoted SQL string literal.
std::string SqlLiteral(const std::string& text);

// Column definition "name TYPE" of a mapping column (NOT NULL for key, parent_id and ordinal).
std::string ColumnDefinition(Dialect dialect, const Column& column);

// True for the data columns that get an index: *_id references other than the key.
bool IsReference(const Column& column);

// Index name for (table, column): "<table>_<column>_idx", shortened with a hash past 63 bytes.
std::string IndexName(const std::string& table, const std::string& column);

// Statements creating the state tables (IF NOT EXISTS), and the schema itself in PostgreSQL.
std::vector<std::string> StateTablesDdl(Dialect dialect, const std::string& schema);

// Statements creating `table` (root when `root`, else a child of `parent`) with its indexes and, in
// PostgreSQL, its comments. `parent` is ignored for a root table.
std::vector<std::string> CreateTableDdl(Dialect dialect, const std::string& schema, const Table& table,
                                        bool root, const Table* parent);

// Statements adding `column` to an existing table (ADD COLUMN, its comment, its index if any).
std::vector<std::string> AddColumnDdl(Dialect dialect, const std::string& schema, const Table& table,
                                      const Column& column);

// The same for a lineage column. A NOT NULL one is filled with 'default' (the connection of every
// row written before connections existed).
std::vector<std::string> AddLineageColumnDdl(Dialect dialect, const std::string& schema, const Table& table,
                                             const LineageColumn& column);

// Statements that give state tables of the first schema (run state keyed by entity alone) their
// `connection` column, every existing row becoming connection 'default', and etl_watermarks its key
// (connection, entity, kind). `missing` names the state tables that lack the column.
std::vector<std::string> UpgradeStateDdl(Dialect dialect, const std::string& schema,
                                         const std::vector<std::string>& missing);

// Index statements (IF NOT EXISTS) of `table`: one per *_id reference column. A child table's
// parent_id needs none of its own: it leads the primary key (parent_id, ordinal), which serves it.
std::vector<std::string> IndexDdl(Dialect dialect, const std::string& schema, const Table& table);

// Everything for an empty database: state tables, then each mapping's root and child tables.
std::string FullDdl(Dialect dialect, const std::string& schema,
                    const std::vector<const EntityMapping*>& mappings);

}  // namespace mews

#include <functional>

#include "core/result.h"

namespace mews {

// The columns `table` has in the database, or an empty list when it does not exist.
using ColumnLookup = std::function<Result<std::vector<std::string>>(const std::string& table)>;

// Statements that bring the database to the tables of `mappings`: creates what is missing (state
// tables included), adds missing columns with their comments and indexes; never drops or retypes.
Result<std::vector<std::string>> MigrationDdl(Dialect dialect, const std::string& schema,
                                              const std::vector<const EntityMapping*>& mappings,
                                              const ColumnLookup& lookup);

}  // namespace mews
