#include "extract/exporter.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "extract/url.h"

namespace mews {
namespace {

using std::chrono::milliseconds;

std::string Seconds(milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

bool IsOpenStatus(const std::string& status) {
  return status != "Failed" && status != "Expired" && status != "Loaded";
}

bool Matches(const ExportRecord& rec, const ExportJob& job) {
  return rec.entity == job.request.entity && IsOpenStatus(rec.status) && IsUuid(rec.id) &&
         rec.full == job.full && rec.scope_json == ScopeJson(job.request.scope) &&
         (job.resume_any_window || rec.filters_json == FiltersJson(job.request.filters));
}

ExportRecord NewRecord(const ExportInfo& info, const ExportJob& job, Clock::WallTime now) {
  ExportRecord rec;
  rec.id = info.id;
  rec.entity = job.request.entity;
  rec.status = info.status.empty() ? "Pending" : info.status;
  rec.scope_json = ScopeJson(job.request.scope);
  rec.filters_json = FiltersJson(job.request.filters);
  const ExportFilters& f = job.request.filters;
  if (f.updated_utc) {
    rec.window_start = f.updated_utc->start_utc;
    rec.window_end = f.updated_utc->end_utc;
  } else if (f.posting) {
    rec.window_start = f.posting->start;
    rec.window_end = f.posting->end;
  }
  rec.full = job.full;
  rec.created_at = FormatTimestamp(ToMicros(now));
  return rec;
}

}  // namespace

Exporter::Exporter(ExporterOptions options, ExportJournal* journal, ExtractLog log,
                   ExtractProgress progress, HttpClient* http, Clock* clock)
    : options_(std::move(options)),
      journal_(journal),
      log_(std::move(log)),
      progress_(std::move(progress)),
      owned_http_(http ? nullptr : NewCurlHttpClient(options_.http)),
      http_(http ? http : owned_http_.get()),
      clock_(clock ? clock : Clock::System()),
      policy_(options_.retry),
      mews_(options_.api_url, options_.credentials, http_, clock_, policy_,
            [this](const std::string& line) { Log(LogLevel::kWarn, line); }) {
  mews_.set_budget(options_.budget.get());
}

Exporter::~Exporter() = default;

void Exporter::Log(LogLevel level, const std::string& line) const {
  if (log_) log_(level, line);
}

bool Exporter::Cancelled() const { return options_.http.cancelled && options_.http.cancelled(); }

bool Exporter::SleepUnlessCancelled(milliseconds duration) {
  const milliseconds kSlice(1000);
  while (duration.count() > 0 && !Cancelled()) {
    milliseconds step = std::min(duration, kSlice);
    clock_->SleepFor(step);
    duration -= step;
  }
  return !Cancelled();
}

Status Exporter::CheckConfig(const ExportJob& job) const {
  MEWS_RETURN_IF_ERROR(CheckSecureUrl(options_.api_url, "MEWS_API_URL"));
  if (options_.credentials.client_token.empty()) return Status::InvalidArgument("MEWS_CLIENT_TOKEN is not set");
  if (options_.credentials.access_token.empty()) return Status::InvalidArgument("MEWS_ACCESS_TOKEN is not set");
  if (options_.credentials.client.empty()) return Status::InvalidArgument("MEWS_CLIENT is empty");
  if (job.work_dir.empty()) return Status::InvalidArgument("no work directory given for downloads");
  return ValidateExportRequest(job.request, clock_->Now());
}

Result<ExtractedExport> Exporter::Run(const ExportJob& job) {
  MEWS_RETURN_IF_ERROR(CheckConfig(job));
  Downloader downloader(&mews_, http_, clock_, &policy_, log_, progress_);
  Result<ExportRecord> record = CreateOrResume(job);
  for (int created = 0;;) {
    if (!record.ok()) return record.status();
    Result<ExportInfo> info = WaitForExport(&record.value());
    if (!info.ok()) return info.status();
    if (info->status == "Success") {
      bool gone = false;
      Result<std::vector<std::string>> files = downloader.DownloadAll(
          info.value(), job.work_dir, &gone, [&](const std::string&, const std::string& path) {
            if (job.on_file) job.on_file(record.value(), path);
          });
      if (files.ok()) return ExtractedExport{record.value(), std::move(files.value())};
      if (!gone) return files.status();
      record->status = "Expired";
      MEWS_RETURN_IF_ERROR(journal_->SaveExport(record.value()));
    }
    if (++created > options_.max_new_exports) {
      return Status::Unavailable("Mews export " + record->id + " of " + job.request.entity + " is " +
                                 record->status + " after " + std::to_string(created - 1) +
                                 " replacement exports; try again later");
    }
    Log(LogLevel::kWarn, "export " + record->id + " of " + job.request.entity + " is " +
                             record->status + "; creating a new export");
    record = CreateNew(job);
  }
}

Result<ExportRecord> Exporter::CreateOrResume(const ExportJob& job) {
  Result<std::vector<ExportRecord>> open = journal_->OpenExports(job.request.entity);
  if (!open.ok()) return open.status().WithContext("reading the export journal");
  for (const ExportRecord& rec : open.value()) {
    if (!Matches(rec, job)) continue;
    Log(LogLevel::kInfo, "resuming export " + rec.id + " of " + rec.entity + " (" + rec.status +
                             ", created " + rec.created_at + ")");
    return rec;
  }
  return CreateNew(job);
}

Result<ExportRecord> Exporter::CreateNew(const ExportJob& job) {
  Clock::SteadyTime start = clock_->MonotonicNow();
  for (;;) {
    Result<AddOutcome> add = mews_.AddExport(job.request);
    if (!add.ok()) return add.status();
    if (!add->refused) {
      if (!IsUuid(add->created.id)) return Status::ParseError("exports/add returned an export id that is not a uuid");
      ExportRecord rec = NewRecord(add->created, job, clock_->Now());
      Status saved = journal_->SaveExport(rec);  // first thing after add: a crash now can resume it
      if (!saved.ok()) return saved.WithContext("export " + rec.id + " was created but not recorded");
      Log(LogLevel::kInfo, "created export " + rec.id + " of " + rec.entity);
      return rec;
    }
    Result<std::vector<ExportRecord>> open = journal_->OpenExports(job.request.entity);
    if (!open.ok()) return open.status().WithContext("reading the export journal");
    auto it = std::find_if(open->begin(), open->end(),
                           [](const ExportRecord& r) { return IsOpenStatus(r.status) && IsUuid(r.id); });
    if (it != open->end()) {
      Log(LogLevel::kWarn, add->refusal + "; resuming export " + it->id + " from the journal");
      return *it;
    }
    auto elapsed = std::chrono::duration_cast<milliseconds>(clock_->MonotonicNow() - start);
    if (elapsed + options_.poll_interval > options_.pending_budget) {
      return Status::Unavailable(add->refusal + "; no open " + job.request.entity +
                                 " export is recorded to resume: wait until the pending one finishes, then rerun");
    }
    Log(LogLevel::kWarn, add->refusal + "; no recorded export to resume, asking again in " +
                             Seconds(options_.poll_interval));
    if (!SleepUnlessCancelled(options_.poll_interval)) return Status::Aborted("cancelled while exports/add was refused");
  }
}

Status Exporter::MarkFinished(ExportRecord* record, const ExportInfo& info) {
  if (record->status == info.status && info.status != "Success") return Status::Ok();
  record->status = info.status;
  if (info.status == "Success") {
    record->file_count = static_cast<int>(info.files.size());
    record->total_bytes = 0;
    for (const ExportFile& f : info.files) record->total_bytes += f.size_bytes;
    record->expires_utc = info.expires_utc;
  }
  return journal_->SaveExport(*record);
}

Result<ExportInfo> Exporter::WaitForExport(ExportRecord* record) {
  Clock::SteadyTime start = clock_->MonotonicNow();
  for (;;) {
    Result<std::optional<ExportInfo>> got = mews_.GetExport(record->id);
    if (!got.ok()) return got.status();
    ExportInfo info = got->value_or(ExportInfo{record->id, "Expired", record->entity, "", {}});
    MEWS_RETURN_IF_ERROR(MarkFinished(record, info));
    if (info.status == "Success" || info.status == "Failed" || info.status == "Expired") return info;
    auto elapsed = std::chrono::duration_cast<milliseconds>(clock_->MonotonicNow() - start);
    if (elapsed + options_.poll_interval > options_.wait_budget) {
      return Status::Unavailable("export " + record->id + " of " + record->entity + " is still " +
                                 info.status + " after " + Seconds(elapsed) + "; rerun later to resume it");
    }
    Log(LogLevel::kDebug, "export " + record->id + " is " + info.status + "; next check in " +
                              Seconds(options_.poll_interval));
    if (!SleepUnlessCancelled(options_.poll_interval)) {
      return Status::Aborted("cancelled while waiting for export " + record->id + " (rerun to resume it)");
    }
  }
}

}  // namespace mews
