// mews-etl status: per connection, its token fingerprint, recent runs, exports still open, watermarks.
#include <cstdio>
#include <set>

#include "app/command_impl.h"

namespace mews {
namespace {

struct StatusData {
  std::vector<ConnectionRecord> connections;
  std::vector<RunRecord> runs;
  std::vector<ExportRecord> exports;
  std::vector<Watermark> marks;
};

void PrintRuns(const std::vector<RunRecord>& runs, const std::string& connection) {
  std::printf("Recent runs:\n");
  bool any = false;
  for (const RunRecord& r : runs) {
    if (r.connection != connection) continue;
    any = true;
    std::printf("  #%-5lld %-22s %-7s %-11s %s  %s  +%lld ~%lld =%lld !%lld%s%s\n",
                static_cast<long long>(r.id), r.entity.c_str(), r.command.c_str(), r.status.c_str(),
                r.started_at.c_str(), r.finished_at.empty() ? "-" : r.finished_at.c_str(),
                static_cast<long long>(r.inserted), static_cast<long long>(r.updated),
                static_cast<long long>(r.unchanged), static_cast<long long>(r.rejected),
                r.error.empty() ? "" : "  error: ", r.error.c_str());
  }
  if (!any) std::printf("  (none)\n");
}

void PrintExports(const std::vector<ExportRecord>& exports, const std::string& connection) {
  std::printf("Open exports:\n");
  bool any = false;
  for (const ExportRecord& e : exports) {
    if (e.connection != connection) continue;
    any = true;
    std::string window = e.full ? "full" : (e.window_start + " .. " + e.window_end);
    std::printf("  %s %-22s %-10s created %s  %s\n", e.id.c_str(), e.entity.c_str(), e.status.c_str(),
                e.created_at.c_str(), window.c_str());
  }
  if (!any) std::printf("  (none)\n");
}

void PrintWatermarks(const std::vector<Watermark>& marks, const std::string& connection) {
  std::printf("Watermarks:\n");
  bool any = false;
  for (const Watermark& w : marks) {
    if (w.connection != connection) continue;
    any = true;
    std::printf("  %-22s %-11s %s  (set %s)\n", w.entity.c_str(), w.kind.c_str(), w.value.c_str(),
                w.updated_at.c_str());
  }
  if (!any) std::printf("  (none: the next sync of every type is a full export)\n");
}

void PrintConnection(const StatusData& d, const std::string& name) {
  const ConnectionRecord* record = nullptr;
  for (const ConnectionRecord& c : d.connections) {
    if (c.name == name) record = &c;
  }
  if (record) {
    std::printf("Connection %s: token fingerprint %s, %s, first used %s, last used %s\n", name.c_str(),
                record->fingerprint.c_str(), record->api_host.c_str(), record->first_used_at.c_str(),
                record->last_used_at.c_str());
  } else {
    std::printf("Connection %s: no token fingerprint yet (the next sync records it)\n", name.c_str());
  }
  PrintRuns(d.runs, name);
  PrintExports(d.exports, name);
  PrintWatermarks(d.marks, name);
}

Result<StatusData> ReadStatus(Sink& db) {
  StatusData d;
  Result<std::vector<ConnectionRecord>> connections = db.ListConnections();
  if (!connections.ok()) return connections.status();
  d.connections = std::move(connections.value());
  Result<std::vector<RunRecord>> runs = db.RecentRuns(20);
  if (!runs.ok()) return runs.status();
  d.runs = std::move(runs.value());
  Result<std::vector<ExportRecord>> exports = db.ListOpenExports();
  if (!exports.ok()) return exports.status();
  d.exports = std::move(exports.value());
  Result<std::vector<Watermark>> marks = db.ListWatermarks();
  if (!marks.ok()) return marks.status();
  d.marks = std::move(marks.value());
  return d;
}

}  // namespace

Status RunStatus(const Options& options) {
  Result<std::unique_ptr<Sink>> sink = OpenTarget(options);
  if (!sink.ok()) return sink.status();
  Sink& db = **sink;
  Result<std::vector<std::string>> migrated = db.Migrate({});
  if (!migrated.ok()) return migrated.status();
  Result<StatusData> data = ReadStatus(db);
  if (!data.ok()) return data.status();
  std::set<std::string> names;
  if (options.connection_given) {
    names.insert(options.connection);
  } else {
    for (const ConnectionRecord& c : data->connections) names.insert(c.name);
    for (const RunRecord& r : data->runs) names.insert(r.connection);
    for (const ExportRecord& e : data->exports) names.insert(e.connection);
    for (const Watermark& w : data->marks) names.insert(w.connection);
    if (names.empty()) names.insert("default");
  }
  std::printf("Database: %s\n", db.display_url().c_str());
  for (const std::string& name : names) PrintConnection(*data, name);
  std::printf("(+ inserted, ~ updated, = unchanged, ! rejected)\n");
  return Status::Ok();
}

}  // namespace mews
