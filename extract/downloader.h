// Downloads every file of a finished export into <work_dir>/<export id>/<n>.jsonl (n from 1, in the
// export's file order; names never come from URLs). Signed URLs live 10 minutes after exports/getAll
// returns them, and every getAll call counts against the access token's 200 requests per 30 s: the
// URLs of one getAll (the poll that saw Success, to begin with) serve every file started within
// kUrlReuse of that call, and exports/getAll is asked again only when they are older or a file
// answers 403/404. Resumes a broken transfer with a Range request, checks sizes against
// SizeInBytes, decodes gzip, and skips files already complete from an earlier run. A partial file
// stays as <n>.jsonl.part so the next run resumes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/time.h"
#include "extract/http_client.h"
#include "extract/mews_client.h"
#include "extract/retry_policy.h"
#include "core/result.h"

namespace mews {

enum class LogLevel { kDebug, kInfo, kWarn };
// Receives log lines; they never contain tokens or URL query strings.
using ExtractLog = std::function<void(LogLevel level, const std::string& line)>;
// Bytes of the export on disk so far, and the sum of its SizeInBytes.
using ExtractProgress = std::function<void(int64_t downloaded, int64_t total)>;

class Downloader {
 public:
  // How long after exports/getAll returned them its file URLs are used for new requests: half their
  // documented 10-minute life, so that a request never starts on a URL about to expire.
  static constexpr std::chrono::minutes kUrlReuse{5};

  // All pointers must outlive the Downloader. `log` and `progress` may be empty.
  Downloader(MewsClient* mews, HttpClient* http, Clock* clock, const RetryPolicy* policy,
             ExtractLog log, ExtractProgress progress);

  // Downloads all files of `info` (REQUIRES: Success, IsUuid(id)) under `work_dir`. Returns the
  // local paths in file order. Sets `*export_gone` and returns kUnavailable when Mews no longer
  // reports the export as Success (it expired): the caller should create a new export.
  // `on_file`, when set, is called with each file's local path as soon as it is complete.
  Result<std::vector<std::string>> DownloadAll(
      const ExportInfo& info, const std::string& work_dir, bool* export_gone,
      const std::function<void(const std::string& export_id, const std::string& path)>& on_file = {});

 private:
  struct FileTask;
  struct Attempt {
    Status fatal;            // stop with this (OK together with done)
    bool done = false;       // the file is complete and in place
    bool progressed = false; // the part file grew
    long http_status = 0;    // 0: transport error or bad content
    std::string retry_after;
    std::string what;        // for messages; URLs redacted
  };
  Status DownloadFile(FileTask* task, bool* export_gone);
  Attempt TryOnce(FileTask* task, bool refresh, bool* export_gone);
  Attempt Untrusted(FileTask* task, const Status& why, Attempt a);
  Result<ExportFile> SignedFile(const FileTask& task, bool force, bool* export_gone);
  Status Finalize(const FileTask& task, const std::string& content_encoding);
  void Log(LogLevel level, const std::string& line) const;

  MewsClient* mews_;
  HttpClient* http_;
  Clock* clock_;
  const RetryPolicy* policy_;
  ExtractLog log_;
  ExtractProgress progress_;
  int64_t done_bytes_ = 0;
  int64_t total_bytes_ = 0;
  // The file URLs of the export being downloaded, as exports/getAll last returned them, and when.
  std::vector<ExportFile> urls_;
  Clock::SteadyTime urls_at_{};
};

}  // namespace mews
