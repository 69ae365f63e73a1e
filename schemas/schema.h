// The schema model: how the records of one Mews EntityType become rows of SQL tables.
// Built once at start-up from the mapping files (schemas/mappings/*.json) and immutable afterwards,
// so it may be shared by any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mews {

// Column types of the table contract (docs/tables.md).
enum class ColumnType : uint8_t {
  kUuid,       // validated, lower-cased
  kTimestamp,  // normalized to UTC, "YYYY-MM-DDTHH:MM:SS[.ffffff]Z"
  kDate,       // "YYYY-MM-DD"
  kDuration,   // ISO 8601 duration, kept as given
  kDecimal,    // exact decimal text, never through double
  kInteger,    // int64
  kBoolean,
  kText,
  kJson,       // any JSON value kept as JSON text (arrays of scalars, maps, unknown shapes)
};

// Name used in mapping files: "uuid", "timestamp", ... ; ParseColumnType is its inverse.
const char* ColumnTypeName(ColumnType type);
bool ParseColumnType(const std::string& name, ColumnType* type);

// Why a column exists. Only kData columns come from the record by path.
enum class ColumnRole : uint8_t {
  kData,      // a field of the record (or of an array element, in a child table)
  kExtra,     // root tables only, last column: JSON object of fields the mapping does not know
  kParentId,  // child tables only, first column: the parent row's id
  kOrdinal,   // child tables only, second column: 0-based position in the parent's array
  kLocalizedName,  // text in the preferred language, picked from the localized-text object at `path`
                   // (whose every language is the kData json column just before this one)
};

struct Column {
  std::string name;                  // SQL identifier
  ColumnType type = ColumnType::kText;
  ColumnRole role = ColumnRole::kData;
  std::vector<std::string> path;     // JSON path segments relative to the table's record
  std::vector<std::vector<std::string>> aliases;  // other paths that fill this column
  bool required = false;  // null/missing rejects the record, when the enclosing object is present
  std::string description;
};

struct Table {
  std::string name;                  // SQL table name
  std::vector<std::string> path;     // empty for the root; for a child, the array's path from the root
  std::vector<Column> columns;       // in row order, synthetic columns included (see ColumnRole)
  std::string description;
};

// Where a reference type's records come from: one Connector API */getAll operation. Data, read from
// the mapping file's "source".
struct ReferenceSource {
  std::string operation;         // "services/getAll"
  std::string collection;        // "Services": the response member holding the records
  bool paged = true;             // takes Limitation {Count, Cursor}
  std::string parameters;        // JSON object of members added to every request ("{}" when none)
  std::string ids_parameter;     // "ServiceIds": filled with the ids of `ids_from`, 1000 per request
  std::string ids_from;          // the reference type whose ids fill it ("" when none)
};

// Which filter an EntityType's exports are cut by (the mapping file's "export_filter"): the window
// the CLI asks for, what exports/add sends, and the kind of watermark a sync stores.
enum class ExportFilter {
  kUpdatedUtc,  // "updated_utc" (default): Filters.UpdatedUtc, a [StartUtc, EndUtc) window
  kPosting,     // "posting": Filters.LedgerEntryFilters.Posting, an inclusive window of dates
};

// "updated_utc" or "posting": the mapping's spelling, also the watermark kind of the run state.
const char* ExportFilterName(ExportFilter filter);

// Everything about one EntityType (an exported fact) or reference type.
struct EntityMapping {
  std::string entity;                // "OrderItem", exactly as the API spells it
  std::string source;                // the mapping file's name, for error messages
  Table root;                        // columns[key_column] is the primary key ("id")
  std::vector<Table> children;       // one per array of objects, keyed by (parent_id, ordinal)
  int key_column = 0;
  int updated_column = -1;           // index in root.columns of the "never roll back" field, or -1
  std::optional<ReferenceSource> reference;  // set for reference types, which no export carries
  ExportFilter export_filter = ExportFilter::kUpdatedUtc;  // kUpdatedUtc for every reference type

  bool has_updated() const { return updated_column >= 0; }
  bool is_reference() const { return reference.has_value(); }
};

}  // namespace mews
