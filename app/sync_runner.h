// `mews-etl sync`: for each EntityType, create or resume its export, wait, download, transform and
// load it atomically, and move the watermark only after the load commits (design.md section 4).
// Exports of all requested types are created up front by one extract thread per type; loads run one
// at a time on the calling thread as soon as a type's first file is downloaded, while the rest of its
// files keep downloading.
#pragma once

#include <string>
#include <vector>

#include "app/options.h"
#include "extract/exporter.h"
#include "schemas/registry.h"

namespace mews {

// What happened to one EntityType in one sync.
struct EntitySummary {
  std::string entity;
  std::string status = "up to date";  // succeeded, failed, interrupted, locked, up to date
  std::vector<std::string> export_ids;
  std::vector<std::string> windows;    // "full" or "start..end" per export loaded
  int64_t inserted = 0, updated = 0, unchanged = 0, deleted = 0, rejected = 0;
  double seconds = 0;
  std::string error;
};

// Runs the sync. Returns InvalidArgument for configuration errors found before anything started,
// otherwise OK when every type succeeded (or was up to date) and the first failure's Status else.
// `summary` gets one entry per requested type either way.
Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, std::vector<EntitySummary>* summary);

// The summary as the JSON document --summary-json writes.
std::string SummaryJson(const std::vector<EntitySummary>& summary, double total_seconds);

}  // namespace mews
