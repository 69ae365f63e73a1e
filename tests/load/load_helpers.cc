#include "tests/load/load_helpers.h"

#include <doctest/doctest.h>

#include "load/ddl.h"

namespace mews::test {

const MappingRegistry& Registry() {
  static const MappingRegistry registry = [] {
    Result<MappingRegistry> r = MappingRegistry::Builtin();
    if (!r.ok()) r = MappingRegistry::FromDocuments(EmbeddedMappingFiles(), /*require_all=*/false);
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return std::move(r.value());
  }();
  return registry;
}

std::vector<const EntityMapping*> AllMappings() {
  std::vector<const EntityMapping*> out;
  for (const EntityMapping& m : Registry().mappings()) out.push_back(&m);
  return out;
}

const EntityMapping& Mapping(const std::string& entity) {
  const EntityMapping* m = Registry().Find(entity);
  REQUIRE(m != nullptr);
  return *m;
}

std::unique_ptr<RowBatch> MakeBatch(const EntityMapping& m, uint64_t first, uint64_t count,
                                    const GenOptions& options) {
  auto batch = std::make_unique<RowBatch>(&m);
  batch->file = "generated.jsonl";
  for (uint64_t i = first; i < first + count; ++i) AddRecord(batch.get(), i, options);
  return batch;
}

void MustMigrate(Sink* sink, const std::vector<const EntityMapping*>& mappings) {
  Result<std::vector<std::string>> r = sink->Migrate(mappings);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
}

std::unique_ptr<Load> MustBegin(Loader* loader, const EntityMapping& m, const LoadContext& context) {
  Result<std::unique_ptr<Load>> load = loader->Begin(m, context);
  REQUIRE_MESSAGE(load.ok(), load.status().message());
  return std::move(load.value());
}

LoadCounts MustLoad(Sink* sink, const EntityMapping& m, const std::vector<const RowBatch*>& batches,
                    const LoadContext& context) {
  std::unique_ptr<Load> load = MustBegin(sink, m, context);
  for (const RowBatch* b : batches) {
    Status s = load->Write(*b);
    REQUIRE_MESSAGE(s.ok(), s.message());
  }
  Result<LoadCounts> c = load->Commit({});
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  return c.value();
}

std::string CountsText(const LoadCounts& c) {
  std::string out;
  for (const TableCounts& t : c.tables) {
    out += t.table + " " + std::to_string(t.inserted) + "/" + std::to_string(t.updated) + "/" +
           std::to_string(t.unchanged) + "/" + std::to_string(t.deleted) + "\n";
  }
  return out;
}

std::string ValueMatches(const Target& target, const Column& c, const std::string& v) {
  if (v.empty()) return c.name + " IS NULL";
  const std::string lit = SqlLiteral(v);
  if (!target.pg()) {
    switch (c.type) {
      case ColumnType::kDecimal: return c.name + " IS CAST(" + lit + " AS REAL)";
      case ColumnType::kInteger: return c.name + " IS " + v;
      case ColumnType::kBoolean: return c.name + std::string(" IS ") + (v == "true" ? "1" : "0");
      default: return c.name + " IS " + lit;
    }
  }
  switch (c.type) {
    case ColumnType::kUuid: return c.name + " = " + lit + "::uuid";
    case ColumnType::kTimestamp: return c.name + " = " + lit + "::timestamptz";
    case ColumnType::kDate: return c.name + " = " + lit + "::date";
    case ColumnType::kDuration:
      if (v[0] == '-') return c.name + " = -(" + SqlLiteral(v.substr(1)) + "::interval)";
      return c.name + " = " + lit + "::interval";
    case ColumnType::kDecimal: return c.name + "::text = " + lit;  // exact digits and scale
    case ColumnType::kInteger: return c.name + " = " + v;
    case ColumnType::kBoolean: return c.name + " = " + v;
    case ColumnType::kText: return c.name + " = " + lit;
    case ColumnType::kJson: return c.name + " = " + lit + "::jsonb";
  }
  return "false";
}

std::string ExpectedCatalogType(const Target& target, ColumnType type) {
  if (!target.pg()) {
    switch (type) {
      case ColumnType::kDecimal: return "real";
      case ColumnType::kInteger:
      case ColumnType::kBoolean: return "integer";
      default: return "text";
    }
  }
  switch (type) {
    case ColumnType::kUuid: return "uuid";
    case ColumnType::kTimestamp: return "timestamp with time zone";
    case ColumnType::kDate: return "date";
    case ColumnType::kDuration: return "interval";
    case ColumnType::kDecimal: return "numeric";
    case ColumnType::kInteger: return "bigint";
    case ColumnType::kBoolean: return "boolean";
    case ColumnType::kText: return "text";
    case ColumnType::kJson: return "jsonb";
  }
  return "?";
}

}  // namespace mews::test
