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
#include "app/sync_runner.h"

namespace mews {
namespace {

void PrintSummary(const std::vector<EntitySummary>& summary) {
  for (const EntitySummary& e : summary) {
    std::printf("%-24s %-12s +%lld ~%lld =%lld", e.entity.c_str(), e.status.c_str(),
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

// The exported types first, then the reference types (as Mews advises: every id a fact carries
// then has its row when the run ends). --entity may name both kinds.
Status RunFactsAndReference(const Options& options, const MappingRegistry& registry,
                            const ExporterOptions& exporter, std::vector<EntitySummary>* summary) {
  Options facts = options;
  std::vector<std::string> refs;
  facts.entities.clear();
  for (const std::string& e : options.entities) {
    const EntityMapping* m = registry.Find(e);
    (m != nullptr && m->is_reference() ? refs : facts.entities).push_back(e);
  }
  const bool named = !options.entities.empty();
  Status s;
  if (!options.reference_only && (!named || !facts.entities.empty())) {
    s = RunSyncJob(facts, registry, exporter, summary);
    if (s.code() == StatusCode::kInvalidArgument && summary->empty()) return s;
  }
  if (!options.no_reference && (!named || !refs.empty()) && !CancelRequested()) {
    Status r = RunReferenceSync(options, registry, exporter, refs, summary);
    if (s.ok()) s = r;
  }
  return s;
}

}  // namespace

Status RunSync(const Options& options, const MappingRegistry& registry) {
  Result<ExporterOptions> exporter = ExporterOptionsFromEnv(options);
  if (!exporter.ok()) return exporter.status();
  Options effective = options;
  if (effective.work_dir.empty()) {
    const char* env = std::getenv("MEWS_ETL_WORK_DIR");
    effective.work_dir = (env && *env) ? env : "mews-etl-work";
  }
  // One request budget for every call of this access token: exports and reference reads.
  exporter->budget = std::make_shared<RequestBudget>(200, std::chrono::seconds(30), Clock::Real());
  auto started = std::chrono::steady_clock::now();
  std::vector<EntitySummary> summary;
  Status s = RunFactsAndReference(effective, registry, *exporter, &summary);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  PrintSummary(summary);
  if (!options.summary_json.empty()) {
    Status written = WriteSummary(options.summary_json, SummaryJson(summary, seconds));
    if (!written.ok() && s.ok()) s = written;
  }
  return s;
}

}  // namespace mews
