// `mews-etl sync`: for each EntityType, create or resume its export, wait, download, transform and
// load it atomically, and move the watermark only after the load commits (docs/loading.md).
// Exports of all requested types are created up front by one extract thread per type; loads run one
// at a time on the calling thread as soon as a type's first file is downloaded, while the rest of its
// files keep downloading.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/summary.h"
#include "extract/exporter.h"
#include "load/sink.h"
#include "schemas/registry.h"

namespace mews {

// What a sync depends on besides the Mews API (which `exporter_options` names).
struct SyncSeams {
  // Opens one session on the target database; a sync opens two (run state, loads) and a fresh
  // pair after a transient database failure.
  std::function<Result<std::unique_ptr<Sink>>()> open_sink;
  // True once the run should stop: the open load rolls back and its run is recorded interrupted.
  std::function<bool()> cancelled;
};

// Runs the sync. Returns InvalidArgument for configuration errors found before anything started,
// otherwise OK when every type succeeded (or was up to date) and the first failure's Status else.
// `summary` gets one entry per requested type either way.
Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, std::vector<EntitySummary>* summary);

// The same against `seams` (the other one opens --db and polls SIGINT/SIGTERM).
Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, const SyncSeams& seams,
                  std::vector<EntitySummary>* summary);

}  // namespace mews
