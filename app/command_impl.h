// The sub-commands, each returning a Status that RunCommand maps to an exit code, and the helpers
// they share. Internal to app/.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/options.h"
#include "load/sink.h"
#include "schemas/registry.h"

namespace mews {

Status RunLoad(const Options& options, const MappingRegistry& registry);
Status RunSchema(const Options& options, const MappingRegistry& registry);
Status RunStatus(const Options& options);
Status RunExtract(const Options& options, const MappingRegistry& registry);
Status RunSync(const Options& options, const MappingRegistry& registry);
Status RunCheck(const Options& options, const MappingRegistry& registry);

// --work-dir, else MEWS_ETL_WORK_DIR, else "mews-etl-work".
std::string WorkDirOf(const Options& options);

// Opens the target database of --db / MEWS_ETL_DB.
Result<std::unique_ptr<Sink>> OpenTarget(const Options& options);

// The mappings of `entities`; without any, of every EntityType exported by UpdatedUtc when
// `updated_only` (sync: a posting-filtered type needs its window on the command line), or else of
// every EntityType and reference type (schema).
std::vector<const EntityMapping*> SelectMappings(const MappingRegistry& registry,
                                                 const std::vector<std::string>& entities,
                                                 bool updated_only);

}  // namespace mews
