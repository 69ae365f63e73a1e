// mews-etl load: transform and load local JSON Lines files in one transaction.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "app/cancel.h"
#include "app/command_impl.h"
#include "app/load_runner.h"

namespace mews {

Status RunLoad(const Options& options, const MappingRegistry& registry) {
  const EntityMapping* mapping = registry.Find(options.entities.front());
  Result<std::unique_ptr<Sink>> sink = OpenTarget(options);
  if (!sink.ok()) return sink.status();
  Sink& db = **sink;
  Result<std::vector<std::string>> migrated = db.Migrate({mapping});
  if (!migrated.ok()) return migrated.status();
  Result<int64_t> run = db.StartRun(mapping->entity, "load");
  if (!run.ok()) return run.status();

  LoadRequest request;
  request.mapping = mapping;
  request.files = FixedFiles(options.files);
  request.context.run_id = *run;
  request.context.connection = options.connection;
  request.max_rejects = options.max_rejects;
  request.cancelled = CancelRequested;
  spdlog::info("loading {} file(s) of {} into {}", options.files.size(), mapping->entity, db.display_url());
  Result<LoadResult> loaded = LoadFiles(&db, request);

  RunOutcome outcome;
  if (!loaded.ok()) {
    outcome.status = CancelRequested() ? RunStatus::kInterrupted : RunStatus::kFailed;
    outcome.error = loaded.status().message();
    Status recorded = db.FinishRun(*run, outcome);
    if (!recorded.ok()) spdlog::warn("could not record the failed run: {}", recorded.message());
    return loaded.status().WithContext("load of " + mapping->entity + " failed, nothing was written");
  }
  outcome.counts = loaded->counts;
  MEWS_RETURN_IF_ERROR(db.FinishRun(*run, outcome));
  std::fputs(FormatCounts(loaded->counts).c_str(), stdout);
  spdlog::info("loaded {} rows from {} lines in {} file(s)", loaded->stats.rows, loaded->stats.lines,
               loaded->stats.files);
  return Status::Ok();
}

}  // namespace mews
