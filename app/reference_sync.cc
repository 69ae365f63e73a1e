#include "app/reference_sync.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "app/cancel.h"
#include "app/command_impl.h"
#include "app/connection_guard.h"
#include "app/extract_setup.h"
#include "app/load_runner.h"
#include "app/logging.h"
#include "app/sync_runner.h"
#include "transform/page.h"

namespace mews {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool HasLocalized(const EntityMapping& m) {
  return std::any_of(m.root.columns.begin(), m.root.columns.end(),
                     [](const Column& c) { return c.role == ColumnRole::kLocalizedName; });
}

int ColumnIndex(const Table& t, const std::string& name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

// Writes a type's batches to its load (when it is loaded) and keeps what later types need: its
// ids, and for Enterprise the default languages.
class ReferenceConsumer : public BatchConsumer {
 public:
  ReferenceConsumer(Load* load, const EntityMapping& m, long long max_rejects, bool keep_languages)
      : load_(load), key_(m.key_column), max_rejects_(max_rejects),
        language_(keep_languages ? ColumnIndex(m.root, "default_language_code") : -1) {}

  Status OnBatch(std::unique_ptr<RowBatch> batch) override {
    const TableRows& rows = batch->root();
    for (size_t r = 0; r < rows.size(); ++r) {
      ids.emplace_back(rows.text(r, static_cast<size_t>(key_)));
      if (language_ >= 0 && !rows.is_null(r, static_cast<size_t>(language_))) {
        std::string lang(rows.text(r, static_cast<size_t>(language_)));
        if (std::find(languages.begin(), languages.end(), lang) == languages.end()) languages.push_back(lang);
      }
    }
    return load_ != nullptr ? load_->Write(*batch) : Status::Ok();
  }
  Status OnReject(const Reject& reject) override {
    if (++rejects_ > max_rejects_) {
      return Status::Aborted(reject.file + " record " + std::to_string(reject.line) + ": " + reject.reason +
                             " (more than --max-rejects " + std::to_string(max_rejects_) +
                             " rejected records; nothing was loaded)");
    }
    return load_ != nullptr ? load_->AddReject(reject) : Status::Ok();
  }

  std::vector<std::string> ids;
  std::vector<std::string> languages;

 private:
  Load* load_;
  int key_;
  long long max_rejects_;
  int language_;
  long long rejects_ = 0;
};

class ReferenceJob {
 public:
  ReferenceJob(const Options& options, const ExporterOptions& exporter, std::vector<EntitySummary>* summary)
      : options_(options), exporter_(exporter), summary_(summary),
        http_(NewCurlHttpClient(exporter.http)),
        client_(exporter.api_url, exporter.credentials, http_.get(), Clock::System(), RetryPolicy(exporter.retry),
                [](const std::string& line) { spdlog::warn("{}", line); }) {
    client_.set_budget(exporter.budget.get());
  }

  Status Run(const std::vector<const EntityMapping*>& plan, const std::vector<bool>& loaded);

 private:
  // Reads one type into `consumer`, which loads it or only keeps its ids.
  Status Read(const EntityMapping& m, ReferenceConsumer* consumer, uint64_t* requests);
  Status LoadType(const EntityMapping& m, Sink* sink, EntitySummary* sum);
  std::vector<std::string> Languages() const;

  const Options& options_;
  const ExporterOptions& exporter_;
  std::vector<EntitySummary>* summary_;
  std::unique_ptr<HttpClient> http_;
  MewsClient client_;
  std::map<std::string, std::vector<std::string>> ids_;  // type -> ids read
  std::vector<std::string> enterprise_languages_;
  std::map<std::string, std::string> unpaged_bodies_;  // operation -> the response of an unpaged call
};

std::vector<std::string> ReferenceJob::Languages() const {
  std::vector<std::string> out = {options_.language.empty() ? "en-US" : options_.language};
  for (const std::string& l : enterprise_languages_) out.push_back(l);
  return out;
}

Status ReferenceJob::Read(const EntityMapping& m, ReferenceConsumer* consumer, uint64_t* requests) {
  TransformOptions topts;
  topts.languages = Languages();
  Result<std::unique_ptr<PageTransformer>> pages = PageTransformer::Create(m, topts, consumer);
  if (!pages.ok()) return pages.status();
  const ReferenceSource& src = *m.reference;
  PagedCall call;
  call.operation = src.operation;
  call.parameters = src.parameters;
  call.paged = src.paged;
  call.ids_parameter = src.ids_parameter;
  if (!src.ids_from.empty()) call.ids = ids_[src.ids_from];
  PageTransformer* t = pages->get();
  auto transform = [t](const std::string& body, int page) -> Result<PageSummary> {
    if (CancelRequested()) return Status::Aborted("interrupted");
    Result<PageInfo> info = t->Transform(body, page);
    if (!info.ok()) return info.status();
    return PageSummary{info->items, info->cursor};
  };
  // One unpaged response feeds every type it holds (taxations/getAll: Taxation and TaxRate), so the
  // operation is called once per run, not once per type.
  auto cached = unpaged_bodies_.find(src.operation);
  if (!src.paged && cached != unpaged_bodies_.end()) {
    Result<PageSummary> one = transform(cached->second, 1);
    if (!one.ok()) return one.status();
    *requests = 0;
    return t->Finish();
  }
  std::string body_kept;
  Result<int> n = client_.GetAllPages(call, [&](const std::string& body, int page) -> Result<PageSummary> {
    if (!src.paged) body_kept = body;
    return transform(body, page);
  });
  if (!n.ok()) return n.status();
  if (!src.paged) unpaged_bodies_[src.operation] = std::move(body_kept);
  *requests = static_cast<uint64_t>(*n);
  return t->Finish();
}

// Not retried after transient database failures (--db-retry, app/load_retry.h), unlike a fact's
// window: the load streams the */getAll pages straight into its transaction with no files to replay,
// so a retry would read the whole type from Mews again (spending the connection's request budget)
// and would need a fresh sink with the type's lock taken again and the consumer's ids and languages
// reset. A failed reference type fails its run; the next sync loads the full snapshot again.
Status ReferenceJob::LoadType(const EntityMapping& m, Sink* sink, EntitySummary* sum) {
  const auto started = SteadyClock::now();
  Result<int64_t> run = sink->StartRun(m.entity, "sync");
  if (!run.ok()) return run.status();
  LoadContext context;
  context.run_id = *run;
  context.full_snapshot = true;
  context.connection = options_.connection;
  Result<std::unique_ptr<Load>> load = sink->Begin(m, context);
  Status s = load.ok() ? Status::Ok() : load.status();
  ReferenceConsumer consumer(load.ok() ? load->get() : nullptr, m, options_.max_rejects, m.entity == "Enterprise");
  uint64_t requests = 0;
  if (s.ok()) s = Read(m, &consumer, &requests);
  Result<LoadCounts> counts = LoadCounts{};
  if (s.ok()) {
    counts = (*load)->Commit(CommitOptions{});
    if (!counts.ok()) s = counts.status();
  }
  if (load.ok()) load->reset();  // rolls back unless committed, before the run is recorded
  RunOutcome out;
  sum->seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
  if (s.ok()) {
    out.counts = *counts;
    const TableCounts& root = counts->root();
    sum->inserted = root.inserted, sum->updated = root.updated, sum->unchanged = root.unchanged;
    sum->deleted = root.deleted, sum->rejected = counts->rejected;
    sum->windows.push_back("full");
    sum->status = "succeeded";
    ids_[m.entity] = std::move(consumer.ids);
    if (m.entity == "Enterprise") enterprise_languages_ = consumer.languages;
    spdlog::info("{}: {} ({} requests)", m.entity, FormatCounts(*counts).substr(0, FormatCounts(*counts).find('\n')),
                 requests);
  } else {
    out.status = CancelRequested() ? RunStatus::kInterrupted : RunStatus::kFailed;
    out.error = s.message();
    sum->status = RunStatusName(out.status);
    sum->error = s.message();
  }
  Status recorded = sink->FinishRun(*run, out);
  if (!recorded.ok()) spdlog::warn("could not record run {}: {}", *run, recorded.message());
  return s;
}

Status ReferenceJob::Run(const std::vector<const EntityMapping*>& plan, const std::vector<bool>& loaded) {
  Result<std::unique_ptr<Sink>> opened = OpenTarget(options_);
  if (!opened.ok()) return opened.status();
  Sink* sink = opened->get();
  std::vector<const EntityMapping*> to_migrate;
  for (size_t i = 0; i < plan.size(); ++i) {
    if (loaded[i]) to_migrate.push_back(plan[i]);
  }
  Result<std::vector<std::string>> migrated = sink->Migrate(to_migrate);
  if (!migrated.ok()) return migrated.status();
  MEWS_RETURN_IF_ERROR(CheckConnection(sink, exporter_, options_.rebind, options_.connection));
  Status first;
  const LockMode mode = options_.on_locked == "exit" ? LockMode::kFailFast : LockMode::kWait;
  for (size_t i = 0; i < plan.size(); ++i) {
    const EntityMapping& m = *plan[i];
    if (!m.reference->ids_from.empty() && !ids_.count(m.reference->ids_from)) {
      Status skipped = Status::Unavailable(m.entity + " needs the ids of " + m.reference->ids_from +
                                           ", which could not be read");
      if (loaded[i]) {
        EntitySummary failed;
        failed.connection = options_.connection;
        failed.entity = m.entity;
        failed.status = "failed";
        failed.error = skipped.message();
        summary_->push_back(failed);
      }
      if (first.ok()) first = skipped;
      continue;
    }
    if (!loaded[i]) {  // needed only for its ids or languages
      ReferenceConsumer consumer(nullptr, m, options_.max_rejects, m.entity == "Enterprise");
      uint64_t requests = 0;
      Status s = Read(m, &consumer, &requests);
      if (!s.ok()) {
        if (first.ok()) first = s.WithContext(m.entity);
        continue;
      }
      ids_[m.entity] = std::move(consumer.ids);
      if (m.entity == "Enterprise") enterprise_languages_ = consumer.languages;
      continue;
    }
    summary_->push_back(EntitySummary{});
    EntitySummary& sum = summary_->back();
    sum.connection = options_.connection;
    sum.entity = m.entity;
    Status locked = sink->LockEntity(m.entity, mode);
    Status s = locked.ok() ? LoadType(m, sink, &sum) : locked;
    if (!locked.ok()) sum.status = "locked", sum.error = locked.message();
    (void)sink->UnlockEntity(m.entity);
    if (!s.ok()) {
      ReportError(s.WithContext(m.entity));
      if (first.ok()) first = s.WithContext(m.entity);
      if (CancelRequested()) break;
    }
  }
  bool accepted = false;  // the API took the tokens: a type was read and loaded
  for (const EntitySummary& e : *summary_) accepted = accepted || e.status == "succeeded";
  if (accepted) {
    Status recorded = RecordConnection(sink, exporter_, options_.rebind, options_.connection);
    if (!recorded.ok() && first.ok()) first = recorded;
  }
  return first;
}

}  // namespace

std::vector<const EntityMapping*> ReferencePlan(const MappingRegistry& registry,
                                                const std::vector<std::string>& requested,
                                                std::vector<bool>* loaded) {
  std::map<std::string, bool> wanted;  // type -> loaded
  for (const std::string& e : AllReferenceTypes()) {
    if (requested.empty() || std::find(requested.begin(), requested.end(), e) != requested.end()) {
      if (registry.Find(e) != nullptr) wanted[e] = true;
    }
  }
  // Add what the wanted types need, walking back in load order so that needs of needs are seen.
  const std::vector<std::string>& order = AllReferenceTypes();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (!wanted.count(*it)) continue;
    const EntityMapping* m = registry.Find(*it);
    if (!m->reference->ids_from.empty()) wanted.emplace(m->reference->ids_from, false);
    if (HasLocalized(*m) && registry.Find("Enterprise") != nullptr) wanted.emplace("Enterprise", false);
  }
  std::vector<const EntityMapping*> plan;
  loaded->clear();
  for (const std::string& e : order) {
    if (!wanted.count(e)) continue;
    plan.push_back(registry.Find(e));
    loaded->push_back(wanted[e]);
  }
  return plan;
}

Status RunReferenceSync(const Options& options, const MappingRegistry& registry,
                        const ExporterOptions& exporter, const std::vector<std::string>& entities,
                        std::vector<EntitySummary>* summary) {
  std::vector<bool> loaded;
  std::vector<const EntityMapping*> plan = ReferencePlan(registry, entities, &loaded);
  if (plan.empty()) return Status::Ok();
  ReferenceJob job(options, exporter, summary);
  return job.Run(plan, loaded);
}

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

}  // namespace mews
