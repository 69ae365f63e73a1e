// The sink factory: picks the implementation from the URL's scheme.
#include "load/sink.h"

#include "load/backends.h"
#include "load/common.h"
#include "load/ddl.h"

namespace mews {

Result<std::unique_ptr<Sink>> OpenSink(const std::string& url, const SinkOptions& options) {
  Result<DbUrl> parsed = ParseDbUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->kind == DbKind::kPostgres) {
    return OpenPostgresSink(parsed->target, parsed->display, options);
  }
  return OpenSqliteSink(parsed->target, parsed->display, options);
}

Result<std::string> SchemaDdl(const std::string& url, const std::vector<const EntityMapping*>& mappings,
                              const SinkOptions& options) {
  Result<DbUrl> parsed = ParseDbUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->kind == DbKind::kPostgres) {
    MEWS_RETURN_IF_ERROR(CheckSchemaName(options.pg_schema));
    return FullDdl(Dialect::kPostgres, options.pg_schema, mappings);
  }
  return FullDdl(Dialect::kSqlite, "", mappings);
}

}  // namespace mews
