// The sync's orchestration (app/sync_runner.cc with the batch pipeline, the load runner and the
// journal proxy) against an in-memory sink and the in-process fake of the Mews export API: what is
// tested is what the orchestration does with the database's roles, from window planning to commit,
// not SQL. tests/e2e runs the same paths against SQLite and PostgreSQL.
#include <doctest/doctest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <regex>

#include "app/sync_runner.h"
#include "app/thread_priority.h"
#include "schemas/registry.h"
#include "tests/app/memory_sink.h"
#include "tests/extract/fake_mews.h"
#include "tests/support/process.h"

namespace mews::test {
namespace {

const char* kClientToken = "CLIENT-TOKEN-0123";
const char* kAccessToken = "ACCESS-TOKEN-4567";

const MappingRegistry& Registry() {
  static const MappingRegistry* registry = [] {
    Result<MappingRegistry> r = MappingRegistry::Builtin();
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return new MappingRegistry(std::move(r.value()));
  }();
  return *registry;
}

// Customers 1..n as one export file, updated on 2024-03-0<i>.
std::string Customers(int n) {
  const std::string first = ReadFile(std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/customers.jsonl");
  const std::string line = first.substr(0, first.find('\n'));
  std::string out;
  for (int i = 1; i <= n; ++i) {
    std::string l = std::regex_replace(line, std::regex("\"Id\":\"[^\"]*\""),
                                       "\"Id\":\"00000000-0000-4000-8000-00000000000" + std::to_string(i) + "\"");
    l = std::regex_replace(l, std::regex("\"UpdatedUtc\":\"[^\"]*\""),
                           "\"UpdatedUtc\":\"2024-03-0" + std::to_string(i) + "T00:00:00Z\"");
    out += l + "\n";
  }
  return out;
}

// `ago` before now, as a canonical UTC timestamp (whole seconds).
std::string HoursAgo(int hours) {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - std::chrono::hours(hours));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct SyncFixture {
  FakeMews api{kClientToken, kAccessToken};
  MemorySinkFactory sink;
  std::atomic<bool> cancel{false};
  Options options;
  ExporterOptions exporter;
  std::vector<EntitySummary> summary;

  SyncFixture() {
    api.SetFiles({Customers(3)});
    options.command = "sync";
    options.entities = {"Customer"};
    options.db = "memory:";
    options.work_dir = TempDir("sync-runner");
    options.on_locked = "exit";
    options.db_retry_seconds = 0;
    exporter.api_url = api.url();
    exporter.credentials = {kClientToken, kAccessToken, "mews-etl test"};
    exporter.poll_interval = std::chrono::milliseconds(10);
    exporter.retry.max_attempts = 2;
    exporter.retry.initial_backoff = std::chrono::milliseconds(10);
    exporter.retry.max_backoff = std::chrono::milliseconds(10);
  }

  Status Sync() {
    summary.clear();
    SyncSeams seams;
    seams.open_sink = sink;
    seams.cancelled = [this] { return cancel.load(); };
    return RunSyncJob(options, Registry(), exporter, seams, &summary);
  }
  MemoryDatabase& db() { return *sink.db; }
  std::optional<Watermark> Mark() { return db().GetWatermark("default", "Customer", "updated_utc"); }
  void SeedWatermark(const std::string& value) {
    Result<std::unique_ptr<Sink>> s = sink();
    REQUIRE((*s)->Migrate({Registry().Find("Customer")}).ok());
    REQUIRE((*s)->SetWatermark(Watermark{"Customer", "updated_utc", value, "", ""}).ok());
  }
};

// Keeps each log line with the nice value of the thread that logged it.
class NiceRecorder : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // The nice value of the first line containing `text`, or -100 when none does.
  int NiceOf(const std::string& text) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [line, nice] : lines_) {
      if (line.find(text) != std::string::npos) return nice;
    }
    return -100;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.emplace_back(std::string(msg.payload.data(), msg.payload.size()), ThisThreadsNice());
  }
  void flush_() override {}

 private:
  std::vector<std::pair<std::string, int>> lines_;
};

}  // namespace

TEST_SUITE("app.sync_runner") {

TEST_CASE("a sync's extract thread runs at a lower CPU priority than its load, which it runs ahead of") {
  const int base = ThisThreadsNice();
  REQUIRE(base != -100);
  if (base > 9) {
    MESSAGE("skipped: this test runs at nice " << base << ", which leaves no room below it");
    return;
  }
  auto recorder = std::make_shared<NiceRecorder>();
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("nice-recorder", recorder));
  SyncFixture f;
  Status s = f.Sync();
  spdlog::set_default_logger(previous);
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(f.db().RowCount("customers") == 3);
  CHECK(recorder->NiceOf("created export") == base + 10);  // on the thread that downloads
  CHECK(recorder->NiceOf("loading export") == base);       // on the thread that loads
  CHECK(ThisThreadsNice() == base);
}

TEST_CASE("a first sync loads a full export and sets the watermark from its rows") {
  SyncFixture f;
  Status s = f.Sync();
  REQUIRE_MESSAGE(s.ok(), s.message());
  REQUIRE(f.summary.size() == 1);
  CHECK(f.summary[0].status == "succeeded");
  CHECK(f.summary[0].inserted == 3);
  CHECK(f.summary[0].windows == std::vector<std::string>{"full"});
  CHECK(f.db().RowCount("customers") == 3);
  REQUIRE(f.Mark().has_value());
  CHECK(f.Mark()->value == "2024-03-03T00:00:00Z");
  std::vector<RunRecord> runs = f.db().Runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "succeeded");
  CHECK(runs[0].inserted == 3);
  std::vector<ExportRecord> exports = f.db().Exports();
  REQUIRE(exports.size() == 1);
  CHECK(exports[0].full);
  CHECK(exports[0].status == "Loaded");
  CHECK(runs[0].export_id == exports[0].id);
  CHECK(f.db().commits == 1);
  CHECK(f.db().connections.size() == 1);  // the token was accepted: its fingerprint is recorded
}

TEST_CASE("an incremental sync exports the window from the watermark and moves it to the window's end") {
  SyncFixture f;
  const std::string from = HoursAgo(2);
  f.SeedWatermark(from);
  Status s = f.Sync();
  REQUIRE_MESSAGE(s.ok(), s.message());
  std::vector<ExportRecord> exports = f.db().Exports();
  REQUIRE(exports.size() == 1);
  CHECK_FALSE(exports[0].full);
  CHECK(exports[0].window_start == from);
  CHECK(exports[0].window_end > from);
  CHECK(exports[0].status == "Loaded");
  REQUIRE(f.Mark().has_value());
  CHECK(f.Mark()->value == exports[0].window_end);
  CHECK(f.db().RowCount("customers") == 3);
  CHECK(f.summary[0].inserted == 3);
  std::vector<RunRecord> runs = f.db().Runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "succeeded");
  CHECK(runs[0].export_id == exports[0].id);

  // Run again at once: the window is loaded already, so the same rows are unchanged.
  s = f.Sync();
  CHECK(s.ok());
  CHECK(f.summary[0].unchanged + f.summary[0].inserted + f.summary[0].updated <= 3);
}

TEST_CASE("a failed load rolls back, keeps the watermark and records the run as failed") {
  SyncFixture f;
  const std::string from = HoursAgo(2);
  f.SeedWatermark(from);
  f.db().fail_commit = Status::Database("memory: disk full");
  Status s = f.Sync();
  REQUIRE(!s.ok());
  CHECK(s.code() == StatusCode::kDatabase);
  CHECK(s.message().find("rolled back") != std::string::npos);
  REQUIRE(f.summary.size() == 1);
  CHECK(f.summary[0].status == "failed");
  CHECK(f.db().RowCount("customers") == 0);
  CHECK(f.db().commits == 0);
  CHECK(f.db().rollbacks == 1);
  CHECK(f.Mark()->value == from);
  std::vector<RunRecord> runs = f.db().Runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "failed");
  CHECK(runs[0].error.find("disk full") != std::string::npos);
  std::vector<ExportRecord> exports = f.db().Exports();
  REQUIRE(exports.size() == 1);
  CHECK(exports[0].status != "Loaded");  // still open: the next run resumes it
  CHECK(f.db().connections.empty());     // nothing succeeded: the token is not recorded
}

TEST_CASE("a cancelled sync commits nothing and records the run as interrupted") {
  SyncFixture f;
  f.cancel = true;
  Status s = f.Sync();
  REQUIRE(!s.ok());
  REQUIRE(f.summary.size() == 1);
  CHECK(f.summary[0].status == "interrupted");
  CHECK(f.db().begins == 1);
  CHECK(f.db().commits == 0);
  CHECK(f.db().rollbacks == 1);
  CHECK(f.db().RowCount("customers") == 0);
  CHECK_FALSE(f.Mark().has_value());
  std::vector<RunRecord> runs = f.db().Runs();
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "interrupted");
}

TEST_CASE("the export of an interrupted sync is resumed by the next one, not created again") {
  SyncFixture f;
  f.cancel = true;
  REQUIRE(!f.Sync().ok());
  REQUIRE(f.api.Count("add") == 1);
  std::vector<ExportRecord> open = f.db().Exports();
  REQUIRE(open.size() == 1);
  REQUIRE(open[0].status != "Loaded");

  f.cancel = false;
  Status s = f.Sync();
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(f.api.Count("add") == 1);
  std::vector<ExportRecord> exports = f.db().Exports();
  REQUIRE(exports.size() == 1);
  CHECK(exports[0].id == open[0].id);
  CHECK(exports[0].status == "Loaded");
  std::vector<RunRecord> runs = f.db().Runs();
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].status == "interrupted");
  CHECK(runs[1].status == "succeeded");
  CHECK(runs[1].export_id == open[0].id);
  CHECK(f.db().RowCount("customers") == 3);
  REQUIRE(f.Mark().has_value());
  CHECK(f.Mark()->value == "2024-03-03T00:00:00Z");
}

}  // TEST_SUITE

}  // namespace mews::test
