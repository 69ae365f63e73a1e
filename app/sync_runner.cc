#include "app/sync_runner.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <thread>

#include "app/cancel.h"
#include "app/command_impl.h"
#include "app/connection_guard.h"
#include "app/extract_setup.h"
#include "app/file_queue.h"
#include "app/journal_proxy.h"
#include "app/load_retry.h"
#include "app/load_runner.h"
#include "app/logging.h"
#include "app/progress.h"
#include "app/sync_plan.h"
#include "app/thread_priority.h"

namespace mews {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How much lower the CPU priority of each type's extract thread (export, poll, download) is than the
// load's threads: the downloads run ahead of the load, which is the sync's bottleneck, so on a busy
// machine the load gets the cores first and the downloads use what is left (scripts/bench sync).
constexpr int kExtractNiceSteps = 10;

struct WindowResult {
  Status status;
  int64_t next_run_id = 0;
};

// One export of one type whose first file is on disk (or whose extract failed), waiting to be loaded.
struct Ready {
  size_t job = 0;
  size_t window = 0;
  int64_t run_id = 0;
  Status status;  // the extract's failure; OK when files follow
  std::string export_id;
  ExportRecord record;  // the export as the journal has it (its window decides the watermark)
  std::shared_ptr<FileQueue> files;
  std::promise<WindowResult>* result = nullptr;
};

class ReadyQueue {
 public:
  void Push(Ready r) {
    std::lock_guard<std::mutex> lock(mu_);
    items_.push_back(std::move(r));
    cv_.notify_one();
  }
  Ready Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !items_.empty(); });
    Ready r = std::move(items_.front());
    items_.pop_front();
    return r;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Ready> items_;
};

struct EntityJob {
  const EntityMapping* mapping = nullptr;
  SyncPlan plan;
  int64_t first_run_id = 0;
  EntitySummary* summary = nullptr;
  SteadyClock::time_point started;
};

ExportJob MakeExportJob(const Options& options, const EntityJob& job, const ExportWindow& w,
                        const std::string& work_dir, bool resume_any_window) {
  ExportJob e;
  e.request.entity = job.mapping->entity;
  e.request.scope.enterprise_ids = options.enterprise_ids;
  e.request.scope.chain_ids = options.chain_ids;
  if (w.posting) e.request.filters.posting = DateWindow{w.start, w.end};
  if (!w.full && !w.posting) e.request.filters.updated_utc = UtcWindow{w.start, w.end};
  e.full = w.full;
  // A crashed run's export is resumed even though "now" has moved on (not for backfills, whose
  // windows are the user's).
  e.resume_any_window = resume_any_window;
  e.work_dir = work_dir;
  return e;
}

std::string Describe(const ExportWindow& w) { return w.full ? "full" : w.start + ".." + w.end; }

class SyncJob {
 public:
  SyncJob(const Options& options, const MappingRegistry& registry, const ExporterOptions& exporter,
          const SyncSeams& seams, std::vector<EntitySummary>* summary)
      : options_(options), registry_(registry), exporter_options_(exporter), seams_(seams), summary_(summary),
        progress_(StderrIsTerminal()) {}

  Status Run();

 private:
  Status Prepare();
  Status PlanEntity(const EntityMapping* mapping, EntitySummary* summary);
  void MarkStaleRuns(const std::string& entity);
  void Worker(size_t index);
  WindowResult LoadWindow(Ready ready);
  Result<LoadResult> LoadRetrying(Ready* ready, LoadRequest request, int* retries);
  Status Reconnect();
  void Finish(const Ready& ready, const Status& status, const LoadCounts* counts);
  Status RecordUse();

  const Options& options_;
  const MappingRegistry& registry_;
  ExporterOptions exporter_options_;
  SyncSeams seams_;
  std::vector<EntitySummary>* summary_;
  Progress progress_;
  std::unique_ptr<Sink> state_;
  std::unique_ptr<Sink> load_;
  std::unique_ptr<JournalProxy> journal_;
  std::vector<EntityJob> jobs_;
  ReadyQueue ready_;
  Status first_failure_;
};

Status SyncJob::Prepare() {
  std::vector<const EntityMapping*> mappings = SelectMappings(registry_, options_.entities, true);
  Result<std::unique_ptr<Sink>> state = seams_.open_sink();
  if (!state.ok()) return state.status();
  state_ = std::move(state.value());
  Result<std::unique_ptr<Sink>> load = seams_.open_sink();
  if (!load.ok()) return load.status();
  load_ = std::move(load.value());
  Result<std::vector<std::string>> migrated = state_->Migrate(mappings);
  if (!migrated.ok()) return migrated.status();
  MEWS_RETURN_IF_ERROR(CheckConnection(state_.get(), exporter_options_, options_.rebind, options_.connection));
  journal_ = std::make_unique<JournalProxy>(state_.get(), state_->capabilities().single_writer);
  summary_->resize(mappings.size());
  jobs_.reserve(mappings.size());
  for (size_t i = 0; i < mappings.size(); ++i) {
    (*summary_)[i].entity = mappings[i]->entity;
    (*summary_)[i].connection = options_.connection;
    MEWS_RETURN_IF_ERROR(PlanEntity(mappings[i], &(*summary_)[i]));
  }
  return Status::Ok();
}

// Locks the type, plans its windows and opens its first run; a type another sync holds is skipped
// (--on-locked exit) or waited for.
Status SyncJob::PlanEntity(const EntityMapping* mapping, EntitySummary* summary) {
  const std::string& entity = mapping->entity;
  LockMode mode = options_.on_locked == "exit" ? LockMode::kFailFast : LockMode::kWait;
  if (mode == LockMode::kWait) spdlog::debug("waiting for the {} lock", entity);
  Status locked = load_->LockEntity(entity, mode);
  if (!locked.ok()) {
    summary->status = "locked";
    summary->error = locked.message();
    if (first_failure_.ok()) first_failure_ = locked.WithContext(entity);
    ReportError(locked.WithContext(entity));
    return Status::Ok();
  }
  MarkStaleRuns(entity);
  SyncRequest request{options_.full, options_.since, options_.until, options_.posting_from, options_.posting_to};
  std::string kind = ExportFilterName(mapping->export_filter);
  Result<std::optional<Watermark>> mark = state_->GetWatermark(entity, kind);
  if (!mark.ok()) return mark.status();
  std::optional<std::string> value;
  if (mark->has_value()) value = (*mark)->value;
  Result<SyncPlan> plan = PlanSync(entity, mapping->export_filter, request, value, Clock::System()->NowMicros());
  if (!plan.ok()) return plan.status().WithContext(entity);
  if (plan->windows.empty()) {
    spdlog::info("{} is up to date (watermark {})", entity, value.value_or("-"));
    return Status::Ok();
  }
  EntityJob job;
  job.mapping = mapping;
  job.plan = std::move(plan.value());
  job.summary = summary;
  jobs_.push_back(std::move(job));
  return Status::Ok();
}

// Runs still marked running for a type whose lock we now hold belong to processes that died.
void SyncJob::MarkStaleRuns(const std::string& entity) {
  Result<std::vector<RunRecord>> runs = state_->RecentRuns(200);
  if (!runs.ok()) return;
  for (const RunRecord& r : *runs) {
    if (r.connection != options_.connection || r.entity != entity || r.status != "running") continue;
    RunOutcome out;
    out.status = RunStatus::kInterrupted;
    out.export_id = r.export_id;
    out.error = "the process running it ended before finishing";
    (void)state_->FinishRun(r.id, out);
  }
}

void SyncJob::Worker(size_t index) {
  EntityJob& job = jobs_[index];
  int64_t run_id = job.first_run_id;
  for (size_t w = 0; w < job.plan.windows.size(); ++w) {
    std::promise<WindowResult> promise;
    std::future<WindowResult> future = promise.get_future();
    Ready ready;
    ready.job = index;
    ready.window = w;
    ready.run_id = run_id;
    ready.files = std::make_shared<FileQueue>();
    ready.result = &promise;
    bool pushed = false;
    bool backfill = !options_.since.empty() || !options_.until.empty() || !options_.posting_from.empty();
    ExportJob ej = MakeExportJob(options_, job, job.plan.windows[w], options_.work_dir, !backfill);
    ej.on_file = [&](const ExportRecord& record, const std::string& path) {
      if (!pushed) {
        pushed = true;
        ready.export_id = record.id;
        ready.record = record;
        ready_.Push(ready);
      } else if (record.id != ready.export_id) {
        ready.files->Close(Status::Unavailable("export " + ready.export_id +
                                               " expired while downloading; the next run loads a new one"));
      }
      ready.files->Add(path);
    };
    const std::string entity = job.mapping->entity;
    Exporter exporter(exporter_options_, journal_.get(), ExtractLogToSpdlog(),
                      [this, entity](int64_t done, int64_t total) { progress_.Downloaded(entity, done, total); });
    Result<ExtractedExport> done = exporter.Run(ej);
    if (!pushed) {
      ready.status = done.status();
      if (done.ok()) {
        ready.export_id = done->record.id;
        ready.record = done->record;
      }
      ready_.Push(ready);
    }
    ready.files->Close(done.status());
    WindowResult result = future.get();
    if (!result.status.ok()) return;
    run_id = result.next_run_id;
  }
}

// Records the end of one window's run and its effect on the type's summary.
void SyncJob::Finish(const Ready& ready, const Status& status, const LoadCounts* counts) {
  EntityJob& job = jobs_[ready.job];
  EntitySummary& sum = *job.summary;
  RunOutcome out;
  out.export_id = ready.export_id;
  if (!ready.export_id.empty()) sum.export_ids.push_back(ready.export_id);
  if (status.ok()) {
    out.counts = *counts;
    const TableCounts& root = counts->root();
    sum.inserted += root.inserted;
    sum.updated += root.updated;
    sum.unchanged += root.unchanged;
    sum.deleted += root.deleted;
    sum.rejected += counts->rejected;
    sum.windows.push_back(Describe(job.plan.windows[ready.window]));
    sum.status = "succeeded";
  } else {
    out.status = seams_.cancelled() ? RunStatus::kInterrupted : RunStatus::kFailed;
    out.error = status.message();
    sum.status = RunStatusName(out.status);
    sum.error = status.message();
    if (first_failure_.ok()) first_failure_ = status.WithContext(job.mapping->entity);
  }
  sum.seconds = std::chrono::duration<double>(SteadyClock::now() - job.started).count();
  Status recorded = journal_->WithState([&](RunStateStore& db) { return db.FinishRun(ready.run_id, out); });
  if (!recorded.ok()) spdlog::warn("could not record run {}: {}", ready.run_id, recorded.message());
}

// A fresh pair of sessions after a transient failure: the old load session goes first, so that
// the new one can take the entity locks it held (a lost session has lost them already).
Status SyncJob::Reconnect() {
  load_.reset();
  Result<std::unique_ptr<Sink>> load = seams_.open_sink();
  if (!load.ok()) return load.status();
  for (const EntityJob& job : jobs_) {
    MEWS_RETURN_IF_ERROR(load.value()->LockEntity(job.mapping->entity, LockMode::kFailFast));
  }
  Result<std::unique_ptr<Sink>> state = seams_.open_sink();
  if (!state.ok()) return state.status();
  journal_->Reset(state.value().get());
  state_ = std::move(state.value());
  load_ = std::move(load.value());
  return Status::Ok();
}

// The window's load, run again after transient database failures (load_retry.h) on fresh sessions.
// Each failed attempt is recorded as a failed run and the next attempt gets a run of its own.
Result<LoadResult> SyncJob::LoadRetrying(Ready* ready, LoadRequest request, int* retries) {
  const std::string entity = jobs_[ready->job].mapping->entity;
  LoadRetryHooks hooks;
  hooks.attempt = [&](const FileSource& files) -> Result<LoadResult> {
    if (!load_) return Status::Unavailable(RedactDatabaseUrl(options_.db) + ": not connected");
    request.files = files;
    request.context.run_id = ready->run_id;
    journal_->BeginLoad();
    Result<LoadResult> loaded = LoadFiles(load_.get(), request);
    Status flushed = journal_->EndLoad();
    progress_.Clear();
    if (!flushed.ok()) spdlog::warn("export journal: {}", flushed.message());
    return loaded;
  };
  hooks.wait = [&](const Status& failure, double seconds) {
    spdlog::warn("{}: load of export {} failed, retrying in {}s: {}", entity, ready->export_id, seconds,
                 failure.message());
    for (auto end = SteadyClock::now() + std::chrono::duration<double>(seconds); SteadyClock::now() < end;) {
      if (seams_.cancelled()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return !seams_.cancelled();
  };
  hooks.prepare = [&](const Status& failure, int n) -> Status {
    MEWS_RETURN_IF_ERROR(Reconnect());
    RunOutcome out;
    out.status = RunStatus::kFailed;
    out.export_id = ready->export_id;
    out.error = failure.message() + " (retry " + std::to_string(n) + " follows as the next run)";
    MEWS_RETURN_IF_ERROR(journal_->WithState([&](RunStateStore& db) { return db.FinishRun(ready->run_id, out); }));
    Result<int64_t> next = journal_->WithState([&](RunStateStore& db) { return db.StartRun(entity, "sync"); });
    if (!next.ok()) return next.status();
    ready->run_id = *next;
    return Status::Ok();
  };
  const FileSource files = request.files;
  return LoadWithRetries(files, options_.db_retry_seconds, hooks, retries);
}

WindowResult SyncJob::LoadWindow(Ready ready) {
  EntityJob& job = jobs_[ready.job];
  const ExportWindow& window = job.plan.windows[ready.window];
  const std::string& entity = job.mapping->entity;
  if (!ready.status.ok()) {
    Finish(ready, ready.status, nullptr);
    ReportError(ready.status.WithContext(entity));
    return {ready.status, 0};
  }
  LoadRequest request;
  request.mapping = job.mapping;
  request.files = ready.files->Source();
  request.context.run_id = ready.run_id;
  request.context.export_id = ready.export_id;
  request.context.connection = options_.connection;
  // A resumed export covers what it was created for, which may differ from this plan's window.
  bool full = window.full || ready.record.full;
  request.context.full_snapshot = job.plan.mark_deleted && full;
  if (full && (window.watermark_from_data || window.watermark_after)) {
    request.watermark_from_data_kind = job.plan.watermark_kind;
  } else if (window.watermark_after) {
    std::string end = ready.record.window_end.empty() ? *window.watermark_after : ready.record.window_end;
    request.commit.watermark = Watermark{entity, job.plan.watermark_kind, end, "", ""};
  }
  request.commit.loaded_export_id = ready.export_id;
  request.max_rejects = options_.max_rejects;
  request.cancelled = seams_.cancelled;
  request.progress = [&](const PipelineStats& s) { progress_.Loaded(entity, s.rows, s.bytes); };
  spdlog::info("{}: loading export {} ({})", entity, ready.export_id, Describe(window));
  int retries = 0;
  Result<LoadResult> loaded = LoadRetrying(&ready, std::move(request), &retries);
  if (!loaded.ok()) {
    std::string after;
    if (retries > 0) after = " after " + std::to_string(retries) + (retries == 1 ? " retry" : " retries");
    Status failed = loaded.status().WithContext("load of export " + ready.export_id + " rolled back" + after);
    Finish(ready, failed, nullptr);
    ReportError(failed.WithContext(entity));
    return {failed, 0};
  }
  Finish(ready, Status::Ok(), &loaded->counts);
  // The export is in the database now; its downloads are only kept while a rerun may need them.
  std::error_code ignored;
  std::filesystem::remove_all(std::filesystem::path(options_.work_dir) / ready.export_id, ignored);
  const std::string counts = FormatCounts(loaded->counts);
  spdlog::info("{}: {}", entity, counts.substr(0, counts.find('\n')));  // the root table's line
  WindowResult result;
  if (ready.window + 1 < job.plan.windows.size()) {
    Result<int64_t> next = journal_->WithState([&](RunStateStore& db) { return db.StartRun(entity, "sync"); });
    if (!next.ok()) return {next.status(), 0};
    result.next_run_id = *next;
  }
  return result;
}

// The token fingerprint is stored once the API has accepted the token (a type loaded, or nothing
// failed), so a first run with a wrong token leaves the connection unclaimed.
Status SyncJob::RecordUse() {
  bool accepted = first_failure_.ok();
  for (const EntitySummary& e : *summary_) accepted = accepted || e.status == "succeeded";
  if (!accepted) return first_failure_;
  Status recorded = RecordConnection(state_.get(), exporter_options_, options_.rebind, options_.connection);
  if (!recorded.ok()) ReportError(recorded);
  return first_failure_.ok() ? recorded : first_failure_;
}

Status SyncJob::Run() {
  MEWS_RETURN_IF_ERROR(Prepare());
  for (EntityJob& job : jobs_) {
    Result<int64_t> run = state_->StartRun(job.mapping->entity, "sync");
    if (!run.ok()) return run.status();
    job.first_run_id = *run;
    job.started = SteadyClock::now();
  }
  std::vector<std::thread> workers;
  for (size_t i = 0; i < jobs_.size(); ++i) {
    workers.emplace_back([this, i] {
      SetLogConnection(options_.connection);
      LowerThisThreadsPriority(kExtractNiceSteps);
      Worker(i);
    });
  }
  size_t active = jobs_.size();
  while (active > 0) {
    Ready ready = ready_.Pop();
    WindowResult result = LoadWindow(ready);
    if (!result.status.ok() || ready.window + 1 == jobs_[ready.job].plan.windows.size()) --active;
    ready.result->set_value(result);
  }
  for (std::thread& t : workers) t.join();
  return RecordUse();
}

}  // namespace

Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, const SyncSeams& seams,
                  std::vector<EntitySummary>* summary) {
  SyncJob job(options, registry, exporter_options, seams, summary);
  return job.Run();
}

Status RunSyncJob(const Options& options, const MappingRegistry& registry,
                  const ExporterOptions& exporter_options, std::vector<EntitySummary>* summary) {
  SyncSeams seams;
  seams.open_sink = [&options] { return OpenTarget(options); };
  seams.cancelled = CancelRequested;
  return RunSyncJob(options, registry, exporter_options, seams, summary);
}

}  // namespace mews
