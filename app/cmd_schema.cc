// mews-etl schema: create or migrate the tables, or print their DDL or their Markdown reference.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "app/command_impl.h"
#include "load/table_reference.h"

namespace mews {

Status RunSchema(const Options& options, const MappingRegistry& registry) {
  std::vector<const EntityMapping*> mappings = SelectMappings(registry, options.entities, false);
  if (options.reference) {
    std::fputs(TableReference(mappings).c_str(), stdout);
    return Status::Ok();
  }
  if (options.print) {
    SinkOptions sink_options;
    sink_options.pg_schema = options.pg_schema;
    Result<std::string> ddl = SchemaDdl(options.db, mappings, sink_options);
    if (!ddl.ok()) return ddl.status();
    std::fputs(ddl->c_str(), stdout);
    return Status::Ok();
  }
  Result<std::unique_ptr<Sink>> sink = OpenTarget(options);
  if (!sink.ok()) return sink.status();
  Result<std::vector<std::string>> ran = (*sink)->Migrate(mappings);
  if (!ran.ok()) return ran.status();
  if (ran->empty()) {
    std::printf("schema of %s is up to date\n", (*sink)->display_url().c_str());
  } else {
    std::printf("schema of %s: ran %zu statement(s)\n", (*sink)->display_url().c_str(), ran->size());
  }
  return Status::Ok();
}

}  // namespace mews
