// Pieces of PostgresSink's load path shared by its files. Internal to load/postgres.
#pragma once

#include <string>

#include "load/postgres/postgres_sink.h"
#include "schemas/schema.h"

namespace mews {

// The TEMP staging table of table k of a load: 0 is the root, k > 0 child k - 1.
std::string StagingName(size_t k);

// The staging column `prefix` + c.name as the target column's type. Staging keeps durations as
// text (PostgreSQL's interval input refuses ISO 8601's leading "-P"); this converts them.
std::string StagingSelectExpr(const Column& c, const std::string& prefix);

}  // namespace mews
