// mews-etl sync: the nightly job and the backfill.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "app/command_impl.h"
#include "app/extract_setup.h"
#include "app/cancel.h"
#include "app/reference_sync.h"
#include "app/sync_group.h"
#include "app/sync_runner.h"

namespace mews {
namespace {

void PrintSummary(const std::vector<EntitySummary>& summary) {
  for (const EntitySummary& e : summary) {
    std::printf("%-16s %-24s %-12s +%lld ~%lld =%lld", e.connection.c_str(), e.entity.c_str(), e.status.c_str(),
                static_cast<long long>(e.inserted), static_cast<long long>(e.updated),
                static_cast<long long>(e.unchanged));
    if (e.deleted) std::printf(" -%lld", static_cast<long long>(e.deleted));
    if (e.rejected) std::printf(" !%lld", static_cast<long long>(e.rejected));
    std::printf("  %.1f s\n", e.seconds);
  }
}

Status WriteSummary(const std::string& path, const std::string& json) {
  std::ofstream out(path, std::ios::trunc);
  out << json;
  out.close();
  if (!out) return Status::IoError("--summary-json: cannot write " + path);
  return Status::Ok();
}

}  // namespace

Status RunSync(const Options& options, const MappingRegistry& registry) {
  Result<ExporterOptions> exporter =
      options.config.empty() ? ExporterOptionsFromEnv(options) : Result<ExporterOptions>(ExporterOptions());
  if (!exporter.ok()) return exporter.status();
  Options effective = options;
  effective.work_dir = WorkDirOf(options);
  auto started = std::chrono::steady_clock::now();
  std::vector<EntitySummary> summary;
  Status s = options.config.empty() ? RunFactsAndReference(effective, registry, *exporter, &summary)
                                     : RunSyncGroup(effective, registry, &summary);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintSummary(summary);
  if (!options.summary_json.empty()) {
    Status written = WriteSummary(options.summary_json, SummaryJson(summary, seconds));
    if (!written.ok() && s.ok()) s = written;
  }
  return s;
}

}  // namespace mews
