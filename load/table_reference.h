// The reference of every table and column the load stage creates for a set of mappings, as Markdown:
// names, JSON paths, PostgreSQL and SQLite types, keys, indexes, lineage columns and descriptions.
// Pure text from the mappings and the DDL rules of ddl.h; touches no database. An interface header
// of the load stage (app/ prints it: `mews-etl schema --reference`, the source of docs/tables.md).
#pragma once

#include <string>
#include <vector>

#include "schemas/schema.h"

namespace mews {

// The same mappings in the same order always give the same text, byte for byte.
std::string TableReference(const std::vector<const EntityMapping*>& mappings);

}  // namespace mews
