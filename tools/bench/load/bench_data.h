// Data and SQL for the load benchmark: the same generated OrderItems as RowBatches (for the sinks),
// as raw JSON Lines (for mews-etl load and the pure-SQL baselines).
#pragma once

#include <cstdio>
#include <string>

#include "load/ddl.h"
#include "schemas/row_batch.h"

namespace mews::bench {

// Writes each root row of `batch` as one JSON line shaped like the Mews record (nested objects,
// child arrays of objects), with the canonical values.
void AppendJsonLines(const RowBatch& batch, std::string* out);

// The statements a user would write to merge the one-column staging table raw(doc) into the
// mapping's tables: ->> / json_extract casts, ON CONFLICT (id) DO UPDATE, children deleted and
// re-inserted from the arrays. `schema` is ignored for SQLite.
std::string PureSqlMerge(Dialect dialect, const std::string& schema, const EntityMapping& m);

}  // namespace mews::bench
