#include "extract/downloader.h"

#include <filesystem>
#include <system_error>

#include "extract/gzip_file.h"
#include "extract/url.h"

namespace mews {
namespace fs = std::filesystem;

namespace {

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

Status RenameFile(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec) return Status::IoError("cannot rename " + from + " to " + to + ": " + ec.message());
  return Status::Ok();
}

void RemoveFile(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

}  // namespace

struct Downloader::FileTask {
  std::string export_id;
  size_t index = 0;      // position in Files[], from 0
  size_t count = 0;      // number of files in the export
  int64_t expected = 0;  // SizeInBytes
  std::string part;      // <dir>/<n>.jsonl.part: raw bytes as received
  std::string final;     // <dir>/<n>.jsonl: decoded, verified
  std::string Name() const {
    return "file " + std::to_string(index + 1) + " of " + std::to_string(count) + " of export " +
           export_id;
  }
};

Downloader::Downloader(MewsClient* mews, HttpClient* http, Clock* clock, const RetryPolicy* policy,
                       ExtractLog log, ExtractProgress progress)
    : mews_(mews), http_(http), clock_(clock), policy_(policy), log_(std::move(log)),
      progress_(std::move(progress)) {}

void Downloader::Log(LogLevel level, const std::string& line) const {
  if (log_) log_(level, line);
}

Result<std::vector<std::string>> Downloader::DownloadAll(const ExportInfo& info,
                                                         const std::string& work_dir,
                                                         bool* export_gone,
    const std::function<void(const std::string& export_id, const std::string& path)>& on_file) {
  *export_gone = false;
  std::string dir = (fs::path(work_dir) / info.id).string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create work directory " + dir + ": " + ec.message());
  done_bytes_ = 0;
  total_bytes_ = 0;
  for (const ExportFile& f : info.files) total_bytes_ += f.size_bytes;
  urls_ = info.files;  // returned by the getAll that reported Success, just now
  urls_at_ = clock_->MonotonicNow();
  std::vector<std::string> paths;
  for (size_t i = 0; i < info.files.size(); ++i) {
    FileTask task;
    task.export_id = info.id;
    task.index = i;
    task.count = info.files.size();
    task.expected = info.files[i].size_bytes;
    task.final = dir + "/" + std::to_string(i + 1) + ".jsonl";
    task.part = task.final + ".part";
    if (fs::exists(task.final)) {
      Log(LogLevel::kDebug, task.Name() + " already downloaded: " + task.final);
    } else {
      MEWS_RETURN_IF_ERROR(DownloadFile(&task, export_gone));
    }
    done_bytes_ += task.expected;
    if (progress_) progress_(done_bytes_, total_bytes_);
    paths.push_back(task.final);
    if (on_file) on_file(info.id, task.final);
  }
  return paths;
}

// The file's URL: the one last returned while it is younger than kUrlReuse and `force` is false;
// otherwise from a new exports/getAll call, which re-signs every file's URL.
Result<ExportFile> Downloader::SignedFile(const FileTask& task, bool force, bool* export_gone) {
  if (force || clock_->MonotonicNow() - urls_at_ >= kUrlReuse) {
    Result<std::optional<ExportInfo>> got = mews_->GetExport(task.export_id);
    if (!got.ok()) return got.status();
    std::optional<ExportInfo>& listed = got.value();
    if (!listed) {
      *export_gone = true;
      return Status::Unavailable("exports/getAll no longer returns export " + task.export_id);
    }
    if (listed->status != "Success") {
      *export_gone = true;
      return Status::Unavailable("export " + task.export_id + " is " + listed->status + " while downloading its files");
    }
    if (listed->files.size() != task.count) {
      return Status::Unavailable("export " + task.export_id + " now lists " + std::to_string(listed->files.size()) +
                                 " files instead of " + std::to_string(task.count));
    }
    urls_ = std::move(listed->files);
    urls_at_ = clock_->MonotonicNow();
  }
  Status url_ok = CheckSecureUrl(urls_[task.index].url, "file URL of " + task.Name());
  if (!url_ok.ok()) return url_ok;
  return urls_[task.index];
}

// Verifies the raw download against SizeInBytes (gzip: the raw or the decoded size may match) and
// moves it into place. IoError for local failures; ParseError for content that does not fit.
Status Downloader::Finalize(const FileTask& task, const std::string& content_encoding) {
  int64_t raw = FileSize(task.part);
  bool gzip = content_encoding.find("gzip") != std::string::npos ||
              content_encoding.find("deflate") != std::string::npos || HasGzipMagic(task.part);
  if (!gzip) {
    if (raw != task.expected) {
      return Status::ParseError(task.Name() + " has " + std::to_string(raw) +
                                " bytes but SizeInBytes is " + std::to_string(task.expected));
    }
    return RenameFile(task.part, task.final);
  }
  std::string tmp = task.final + ".tmp";
  int64_t decoded = 0;
  Status s = GunzipFile(task.part, tmp, &decoded);
  if (s.ok() && decoded != task.expected && raw != task.expected) {
    s = Status::ParseError(task.Name() + " decodes to " + std::to_string(decoded) + " bytes (" +
                           std::to_string(raw) + " compressed) but SizeInBytes is " +
                           std::to_string(task.expected));
  }
  if (!s.ok()) {
    RemoveFile(tmp);
    return s;
  }
  MEWS_RETURN_IF_ERROR(RenameFile(tmp, task.final));
  RemoveFile(task.part);
  return Status::Ok();
}

// One download attempt from the current end of the part file; `refresh`: on a newly signed URL.
Downloader::Attempt Downloader::TryOnce(FileTask* task, bool refresh, bool* export_gone) {
  Attempt a;
  Result<ExportFile> file = SignedFile(*task, refresh, export_gone);
  if (!file.ok()) {
    a.fatal = file.status();
    return a;
  }
  task->expected = file->size_bytes;
  int64_t offset = FileSize(task->part);
  HttpProgress on_bytes = [this, offset](int64_t written) {
    if (progress_) progress_(done_bytes_ + offset + written, total_bytes_);
  };
  Result<HttpResponse> r = http_->GetToFile(file->url, task->part, offset, task->expected, on_bytes);
  if (!r.ok() && r.status().code() == StatusCode::kParseError) return Untrusted(task, r.status(), a);
  if (!r.ok() && r.status().code() != StatusCode::kUnavailable) {
    a.fatal = r.status();
    return a;
  }
  a.progressed = FileSize(task->part) > offset;
  a.http_status = r.ok() ? r->status : 0;
  a.retry_after = r.ok() ? r->retry_after : "";
  a.what = r.ok() ? "HTTP " + std::to_string(a.http_status) + " from " + RedactUrl(file->url)
                  : r.status().message();
  if (r.ok() && (a.http_status < 300 || a.http_status == 416)) {
    // 416: the part already holds the whole file (e.g. gzip whose raw size SizeInBytes omits).
    Status fin = Finalize(*task, r->content_encoding);
    a.done = fin.ok();
    if (fin.ok() || fin.code() == StatusCode::kIoError) {
      a.fatal = fin;
      return a;
    }
    return Untrusted(task, fin, a);
  }
  return a;
}

// A download whose bytes do not fit SizeInBytes: none of it is kept, and it is retried from the
// start like a transport error.
Downloader::Attempt Downloader::Untrusted(FileTask* task, const Status& why, Attempt a) {
  Log(LogLevel::kWarn, why.message() + "; downloading " + task->Name() + " again");
  RemoveFile(task->part);
  a.fatal = Status::Ok();
  a.done = false;
  a.what = why.message();
  a.http_status = 0;
  a.progressed = false;
  return a;
}

Status Downloader::DownloadFile(FileTask* task, bool* export_gone) {
  Clock::SteadyTime start = clock_->MonotonicNow();
  bool refresh = false;
  for (int attempt = 1;; ++attempt) {
    Attempt a = TryOnce(task, refresh, export_gone);
    if (a.done || !a.fatal.ok()) return a.fatal;
    if (a.progressed && a.http_status == 0) {
      attempt = 1;  // a broken transfer that moved forward starts a fresh retry budget
      start = clock_->MonotonicNow();
    }
    refresh = a.http_status == 403 || a.http_status == 404;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_->MonotonicNow() - start);
    RetryDecision d = policy_->Decide(refresh ? 0 : a.http_status, a.retry_after, attempt, elapsed,
                                      clock_->Now());
    if (!d.retry) {
      return Status::Unavailable("download of " + task->Name() + " failed: " + a.what + " (" + d.reason + ")");
    }
    if (refresh) d.wait = std::chrono::milliseconds(0);  // the URL expired: a fresh one is enough
    Log(LogLevel::kInfo, task->Name() + ": " + a.what +
                             (refresh ? "; asking for a fresh URL"
                                      : "; resuming in " + std::to_string(d.wait.count()) +
                                            " ms from byte " + std::to_string(FileSize(task->part))));
    clock_->SleepFor(d.wait);
  }
}

}  // namespace mews
