#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/cancel.h"
#include "app/command_impl.h"
#include "app/logging.h"

namespace mews {

int ExitCodeFor(const Status& status) {
  if (status.ok()) return 0;
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

std::string WorkDirOf(const Options& options) {
  if (!options.work_dir.empty()) return options.work_dir;
  const char* env = std::getenv("MEWS_ETL_WORK_DIR");
  return (env && *env) ? env : "mews-etl-work";
}

Result<std::unique_ptr<Sink>> OpenTarget(const Options& options) {
  SinkOptions sink_options;
  sink_options.pg_schema = options.pg_schema;
  sink_options.connection = options.connection;
  return OpenSink(options.db, sink_options);
}

std::vector<const EntityMapping*> SelectMappings(const MappingRegistry& registry,
                                                 const std::vector<std::string>& entities,
                                                 bool updated_only) {
  std::vector<const EntityMapping*> out;
  if (!entities.empty()) {
    for (const std::string& e : entities) {
      const EntityMapping* m = registry.Find(e);
      if (m && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    }
    return out;
  }
  for (const std::string& e : AllEntityTypes()) {
    const EntityMapping* m = registry.Find(e);
    if (updated_only && m->export_filter != ExportFilter::kUpdatedUtc) continue;
    out.push_back(m);
  }
  if (updated_only) return out;  // sync: the reference types have their own step
  for (const std::string& e : AllReferenceTypes()) {
    if (const EntityMapping* m = registry.Find(e)) out.push_back(m);
  }
  return out;
}

int RunCommand(const Options& options) {
  InitLogging(options.log_format);
  SetDefaultLogConnection(options.connection);
  InstallCancelHandlers();
  Result<MappingRegistry> registry = MappingRegistry::Builtin();
  if (!registry.ok()) {
    spdlog::error("bad built-in mapping: {}", registry.status().message());
    return 1;
  }
  Status s;
  if (options.command == "load") s = RunLoad(options, registry.value());
  else if (options.command == "schema") s = RunSchema(options, registry.value());
  else if (options.command == "status") s = RunStatus(options);
  else if (options.command == "extract") s = RunExtract(options, registry.value());
  else if (options.command == "sync") s = RunSync(options, registry.value());
  else if (options.command == "check") s = RunCheck(options, registry.value());
  else s = Status::InvalidArgument("unknown sub-command '" + options.command + "'");
  if (!s.ok() && !ErrorReported(s)) spdlog::error("{}", s.message());
  return ExitCodeFor(s);
}

}  // namespace mews
