// Data and SQL for the load benchmark: the same generated OrderItems as RowBatches (for the sinks),
// as raw JSON Lines (for the pure-SQL baselines) and as flattened CSV per table (for the floors).
#pragma once

#include <cstdio>
#include <string>

#include "load/ddl.h"
#include "schemas/row_batch.h"

namespace mews::bench {

// Writes each root row of `batch` as one JSON line shaped like the Mews record (nested objects,
// child arrays of objects), with the canonical values.
void AppendJsonLines(const RowBatch& batch, std::string* out);

// Writes `rows` as RFC 4180 CSV (NULL is an empty unquoted field, booleans 1/0), no header, each
// line ending with `trailing` (a root table's lineage columns: ",,,,default").

void AppendCsv(const TableRows& rows, const std::string& trailing, std::string* out);

// The statements a user would write to merge the one-column staging table raw(doc) into the
// mapping's tables: ->> / json_extract casts, ON CONFLICT (id) DO UPDATE, children deleted and
// re-inserted from the arrays. `schema` is ignored for SQLite.
std::string PureSqlMerge(Dialect dialect, const std::string& schema, const EntityMapping& m);

}  // namespace mews::bench
