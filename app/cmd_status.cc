// mews-etl status: recent runs, exports still open, watermarks.
#include <cstdio>

#include "app/command_impl.h"

namespace mews {
namespace {

void PrintRuns(const std::vector<RunRecord>& runs) {
  std::printf("Recent runs:\n");
  if (runs.empty()) std::printf("  (none)\n");
  for (const RunRecord& r : runs) {
    std::printf("  #%-5lld %-22s %-7s %-11s %s  %s  +%lld ~%lld =%lld !%lld%s%s\n",
                static_cast<long long>(r.id), r.entity.c_str(), r.command.c_str(), r.status.c_str(),
                r.started_at.c_str(), r.finished_at.empty() ? "-" : r.finished_at.c_str(),
                static_cast<long long>(r.inserted), static_cast<long long>(r.updated),
                static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected),
                r.error.empty() ? "" : "  error: ", r.error.c_str());
  }
  std::printf("  (+ inserted, ~ updated, = unchanged, ! rejected)\n");
}

void PrintExports(const std::vector<ExportRecord>& exports) {
  std::printf("Open exports:\n");
  if (exports.empty()) std::printf("  (none)\n");
  for (const ExportRecord& e : exports) {
    std::string window = e.full ? "full" : (e.window_start + " .. " + e.window_end);
    std::printf("  %s %-22s %-10s created %s  %s\n", e.id.c_str(), e.entity.c_str(), e.status.c_str(),
                e.created_at.c_str(), window.c_str());
  }
}

void PrintWatermarks(const std::vector<Watermark>& marks) {
  std::printf("Watermarks:\n");
  if (marks.empty()) std::printf("  (none: the next sync of every type is a full export)\n");
  for (const Watermark& w : marks) {
    std::printf("  %-22s %-11s %s  (set %s)\n", w.entity.c_str(), w.kind.c_str(), w.value.c_str(),
                w.updated_at.c_str());
  }
}

}  // namespace

Status RunStatus(const Options& options) {
  Result<std::unique_ptr<Sink>> sink = OpenTarget(options);
  if (!sink.ok()) return sink.status();
  Sink& db = **sink;
  Result<std::vector<std::string>> migrated = db.Migrate({});
  if (!migrated.ok()) return migrated.status();
  Result<std::vector<RunRecord>> runs = db.RecentRuns(20);
  if (!runs.ok()) return runs.status();
  Result<std::vector<ExportRecord>> exports = db.ListOpenExports();
  if (!exports.ok()) return exports.status();
  Result<std::vector<Watermark>> marks = db.ListWatermarks();
  if (!marks.ok()) return marks.status();
  std::printf("Database: %s\n", db.display_url().c_str());
  PrintRuns(*runs);
  PrintExports(*exports);
  PrintWatermarks(*marks);
  return Status::Ok();
}

}  // namespace mews
