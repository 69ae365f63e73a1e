// Shared steps of the load tests: mappings, generated batches, one-call loads, typed checks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "load/sink.h"
#include "schemas/registry.h"
#include "tests/load/row_gen.h"
#include "tests/load/targets.h"

namespace mews::test {

// The embedded mappings (all ten once every mapping file has landed).
const MappingRegistry& Registry();
std::vector<const EntityMapping*> AllMappings();
const EntityMapping& Mapping(const std::string& entity);

// Records first .. first + count - 1 of `m`.
std::unique_ptr<RowBatch> MakeBatch(const EntityMapping& m, uint64_t first, uint64_t count,
                                    const GenOptions& options = {});

// Migrate, or fail the test.
void MustMigrate(Sink* sink, const std::vector<const EntityMapping*>& mappings);

// Begin, or fail the test.
std::unique_ptr<Load> MustBegin(Loader* loader, const EntityMapping& m, const LoadContext& context = {});

// Begin, Write every batch, Commit; fails the test on any error.
LoadCounts MustLoad(Sink* sink, const EntityMapping& m, const std::vector<const RowBatch*>& batches,
                    const LoadContext& context = {});

// Every table's counts, one line each ("table inserted/updated/unchanged/deleted"), to compare loads.
std::string CountsText(const LoadCounts& c);

// A SQL condition true when column `c` of the current row holds exactly the canonical `value`
// ("" meaning NULL), in the target's database types.
std::string ValueMatches(const Target& target, const Column& c, const std::string& value);

// The type the catalog must report for a column of type `type` when it holds a value:
// information_schema data_type in PostgreSQL, typeof() in SQLite.
std::string ExpectedCatalogType(const Target& target, ColumnType type);

}  // namespace mews::test
