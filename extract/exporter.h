// The extract stage's entry point: create or resume a Mews export, wait for it, download its files.
// Every export id is saved to the ExportJournal the moment exports/add returns it, so a crashed or
// killed run resumes the same export instead of creating another (docs/loading.md).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/time.h"
#include "extract/downloader.h"
#include "extract/export_request.h"
#include "extract/http_client.h"
#include "extract/mews_client.h"
#include "extract/retry_policy.h"
#include "core/export_record.h"
#include "core/result.h"

namespace mews {

struct ExporterOptions {
  // MEWS_API_URL: https://, or http:// to a loopback address (mews-sim). Default: production.
  std::string api_url = "https://api.mews.com";
  MewsCredentials credentials;  // both tokens required; never logged
  // Pause between exports/getAll polls while an export is Pending/Processing. Default: 30 s.
  std::chrono::milliseconds poll_interval{30000};
  // Longest wait for one export to finish before failing (the export stays resumable). Default: 6 h.
  std::chrono::milliseconds wait_budget{6 * 3600 * 1000};
  // How long exports/add refused with 400 is retried when the journal has no export to resume.
  // Default: 30 min.
  std::chrono::milliseconds pending_budget{30 * 60 * 1000};
  // New exports created in one Run when Mews reports Failed or Expired. Default: 3.
  int max_new_exports = 3;
  RetryOptions retry;       // per API call and per file
  HttpClientOptions http;   // timeouts, User-Agent, cancellation
  // The access token's request budget, shared with every other client of the token (reference
  // reads included); null: no client-side limit.
  std::shared_ptr<RequestBudget> budget;
};

struct ExportJob {
  ExportRequest request;
  bool full = false;  // recorded in the journal: rows absent from a full export get _deleted_at
  // Resume an open export of the same entity, scope and `full` even when its filters differ (sync:
  // a crashed run's window starts at the same watermark). Otherwise the filters must be identical.
  bool resume_any_window = false;
  std::string work_dir;  // files go to <work_dir>/<export id>/<n>.jsonl; created when missing
  // Called (on the Run thread) as each file of the export is complete on disk, in file order, so a
  // caller can start loading before the last file arrives. `record` is the export the file belongs
  // to (its window may differ from the job's when an open export was resumed). May be empty.
  std::function<void(const ExportRecord& record, const std::string& path)> on_file;
};

struct ExtractedExport {
  ExportRecord record;             // as saved in the journal (status Success)
  std::vector<std::string> files;  // local JSON Lines paths in the export's file order
};

// Runs exports one at a time; not thread-safe (use one Exporter per thread). `log` and `progress`
// are called on the thread that calls Run.
class Exporter {
 public:
  // `journal` must outlive the Exporter. `http` and `clock` may be null (libcurl client from
  // options.http / Clock::System()); when given they must outlive it. `log` and `progress` may be empty.
  Exporter(ExporterOptions options, ExportJournal* journal, ExtractLog log = {},
           ExtractProgress progress = {}, HttpClient* http = nullptr, Clock* clock = nullptr);
  ~Exporter();
  Exporter(const Exporter&) = delete;
  Exporter& operator=(const Exporter&) = delete;

  // Creates or resumes the export for `job`, waits until it succeeds, and downloads its files.
  // The returned record is the export actually downloaded: when an open export was resumed its
  // window may differ from the job's (see resume_any_window and the 400 rule), so callers move
  // watermarks by record.window_end, not by the job.
  // InvalidArgument for bad configuration or filters (nothing sent); Unauthenticated for rejected
  // tokens; Unavailable when the API stays unavailable or the export does not finish in time;
  // IoError for the work directory; Aborted when cancelled.
  Result<ExtractedExport> Run(const ExportJob& job);

 private:
  Status CheckConfig(const ExportJob& job) const;
  Result<ExportRecord> CreateOrResume(const ExportJob& job);
  Result<ExportRecord> CreateNew(const ExportJob& job);
  Result<ExportInfo> WaitForExport(ExportRecord* record);
  Status MarkFinished(ExportRecord* record, const ExportInfo& info);
  bool Cancelled() const;
  // Sleeps `duration` in slices of at most 1 s; false (early) once cancelled.
  bool SleepUnlessCancelled(std::chrono::milliseconds duration);
  void Log(LogLevel level, const std::string& line) const;

  ExporterOptions options_;
  ExportJournal* journal_;
  ExtractLog log_;
  ExtractProgress progress_;
  std::unique_ptr<HttpClient> owned_http_;
  HttpClient* http_;
  Clock* clock_;
  RetryPolicy policy_;
  MewsClient mews_;
};

}  // namespace mews
