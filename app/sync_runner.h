// `mews-etl sync`: for each EntityType, create or resume its export, wait, download, transform and
// load it atomically, and move the watermark only after the load commits (docs/loading.md).
// Exports of all requested types are created up front by one extract thread per type; loads run one
// at a time on the calling thread as soon as a type's first file is downloaded, while the rest of its
// files keep downloading.
#pragma once

#include <string>
#include <vector>

#include "app/options.h"
#include "app/summary.h"
#include "extract/exporter.h"
#include "schemas/registry.h"

namespace mews {


// Runs the sync. Returns InvalidArgument for configuration errors found before anything started,
// otherwise OK when every type succeeded (or was up to date) and the first failure's Status else.
// `summary` gets one entry per requested type either way.
Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, std::vector<EntitySummary>* summary);


}  // namespace mews
