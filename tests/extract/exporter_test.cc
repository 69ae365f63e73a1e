// The Exporter end to end over real HTTP against the in-process fake Mews API, with a fake clock so
// waits are asserted exactly and nothing sleeps.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

#include "extract/exporter.h"
#include "tests/extract/fake_clock.h"
#include "tests/extract/fake_mews.h"
#include "tests/extract/file_journal.h"
#include "tests/extract/file_util.h"
#include "tests/support/process.h"

namespace mews {
namespace {

using std::chrono::milliseconds;

const char* kClientToken = "CLIENT-TOKEN-0123";
const char* kAccessToken = "ACCESS-TOKEN-4567";

std::string Lines(int from, int count) {
  std::string s;
  for (int i = from; i < from + count; ++i) {
    s += "{\"Id\":\"" + std::to_string(i) + "\",\"Text\":\"caf\\u00e9 \\\"q\\\" ☃\",\"Amount\":-1.5}\n";
  }
  return s;
}

struct Fixture {
  test::FakeMews sim{kClientToken, kAccessToken};
  test::FakeClock clock{std::chrono::system_clock::now()};
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(HttpClientOptions{});
  std::string dir = test::TempDir("exporter");
  test::FileJournal journal{dir + "/journal.tsv"};
  std::vector<std::string> logs;
  std::vector<std::string> files = {Lines(0, 300), Lines(300, 200), Lines(500, 1)};

  Fixture() { sim.SetFiles(files); }
  ~Fixture() { CheckLogsClean(); }

  ExporterOptions Options() {
    ExporterOptions o;
    o.api_url = sim.url();
    o.credentials = {kClientToken, kAccessToken, "mews-etl test"};
    o.poll_interval = milliseconds(1000);
    o.wait_budget = milliseconds(60000);
    o.pending_budget = milliseconds(5000);
    o.retry.max_attempts = 4;
    o.retry.initial_backoff = milliseconds(100);
    o.retry.max_backoff = milliseconds(400);
    o.retry.budget = milliseconds(30000);
    return o;
  }
  Result<ExtractedExport> Run(const std::string& entity = "OrderItem", ExporterOptions o = {},
                              std::function<void(const ExportRecord&, const std::string&)> on_file = {}) {
    if (o.api_url == "https://api.mews.com") o = Options();
    Exporter exporter(o, &journal, [this](LogLevel, const std::string& l) { logs.push_back(l); }, {},
                      http.get(), &clock);
    ExportJob job;
    job.request.entity = entity;
    job.work_dir = dir + "/work";
    job.on_file = std::move(on_file);
    return exporter.Run(job);
  }
  // A run during which the first file takes `first_file` of (fake) time.
  Result<ExtractedExport> RunWithSlowFirstFile(milliseconds first_file) {
    int done = 0;
    return Run("OrderItem", Options(), [&](const ExportRecord&, const std::string&) {
      if (++done == 1) clock.SleepFor(first_file);
    });
  }
  void CheckIdentical(const ExtractedExport& got) {
    REQUIRE(got.files.size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      CHECK(got.files[i] == dir + "/work/" + got.record.id + "/" + std::to_string(i + 1) + ".jsonl");
      CHECK(test::Slurp(got.files[i]) == files[i]);
      CHECK_FALSE(std::filesystem::exists(got.files[i] + ".part"));
    }
  }
  // No log line may contain a token or any signature a file URL carried.
  void CheckLogsClean() {
    for (const std::string& line : logs) {
      CHECK(line.find(kClientToken) == std::string::npos);
      CHECK(line.find(kAccessToken) == std::string::npos);
      CHECK(line.find("SIGSECRET") == std::string::npos);
      CHECK(line.find("sig=") == std::string::npos);
    }
  }
};

}  // namespace

TEST_SUITE("extract.integration") {

TEST_CASE("an export is created once, awaited, and its files downloaded byte for byte") {
  Fixture f;
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.Count("add") == 1);
  CHECK(f.clock.sleeps == std::vector<milliseconds>{milliseconds(1000)});  // one Processing poll
  CHECK(got->record.status == "Success");
  CHECK(got->record.file_count == 3);
  CHECK(got->record.total_bytes == static_cast<int64_t>(f.files[0].size() + f.files[1].size() + f.files[2].size()));
  Result<std::vector<ExportRecord>> all = f.journal.All();
  REQUIRE(all->size() == 1);
  CHECK(all->front().id == got->record.id);
  CHECK(all->front().status == "Success");
}

TEST_CASE("the export id is journaled before anything else, and a rerun resumes it without exports/add") {
  Fixture f;
  f.sim.AddFault({"getAll", 500, "", -1, false, -1});
  Result<ExtractedExport> first = f.Run();
  CHECK(first.status().code() == StatusCode::kUnavailable);
  Result<std::vector<ExportRecord>> all = f.journal.All();
  REQUIRE(all->size() == 1);
  CHECK(all->front().status == "Pending");
  CHECK(f.sim.Count("add") == 1);

  f.sim.ClearFaults();
  Result<ExtractedExport> second = f.Run();
  REQUIRE(second.ok());
  CHECK(second->record.id == all->front().id);
  CHECK(f.sim.Count("add") == 1);
  f.CheckIdentical(second.value());
}

TEST_CASE("429 on exports/add waits exactly Retry-After, and only one export is created") {
  Fixture f;
  f.sim.AddFault({"add", 429, "3", -1, false, 2});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.Count("add") == 3);
  CHECK(f.journal.All()->size() == 1);
  REQUIRE(f.clock.sleeps.size() >= 2);
  CHECK(f.clock.sleeps[0] == milliseconds(3000));
  CHECK(f.clock.sleeps[1] == milliseconds(3000));
}

TEST_CASE("500 and 408 on exports/getAll are retried with bounded backoff") {
  Fixture f;
  f.sim.AddFault({"getAll", 500, "", -1, false, 1});
  f.sim.AddFault({"getAll", 408, "", -1, false, 1});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.clock.sleeps[0] <= milliseconds(100));
  CHECK(f.clock.sleeps[1] <= milliseconds(200));
}

TEST_CASE("a download cut off mid-file resumes with a Range request and the data is intact") {
  Fixture f;
  f.sim.AddFault({"file", 0, "", 5000, false, 1});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  int ranged = 0;
  for (const test::LoggedRequest& r : f.sim.Requests()) ranged += r.range == "bytes=5000-";
  CHECK(ranged == 1);
}

TEST_CASE("a gzip-encoded file is decoded to the plain JSON Lines") {
  Fixture f;
  f.sim.AddFault({"file", 0, "", -1, true, -1});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
}

TEST_CASE("a gzip download cut off mid-file resumes and decodes") {
  Fixture f;
  f.sim.AddFault({"file", 0, "", 700, true, 1});
  f.sim.AddFault({"file", 0, "", -1, true, -1});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
}

TEST_CASE("an expired file URL (403) gets a fresh URL from exports/getAll") {
  Fixture f;
  f.sim.AddFault({"file", 403, "", -1, false, 1});
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  // add; getAll Processing, Success (whose URLs serve the files); one fresh-URL call after the 403.
  CHECK(f.sim.Count("getAll") == 2 + 1);
  CHECK(f.sim.Count("file") == 4);
}

TEST_CASE("the URLs of the poll that saw Success serve every file: no exports/getAll per file") {
  Fixture f;
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.Count("getAll") == 2);  // Processing, Success
  CHECK(f.sim.Count("file") == 3);
}

TEST_CASE("file URLs older than kUrlReuse are signed again before the next file starts") {
  Fixture f;
  Result<ExtractedExport> got = f.RunWithSlowFirstFile(std::chrono::duration_cast<milliseconds>(Downloader::kUrlReuse));
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.Count("getAll") == 2 + 1);  // Processing, Success; new URLs before file 2, reused for 3
  CHECK(f.sim.Count("file") == 3);
}

TEST_CASE("file URLs younger than kUrlReuse are reused") {
  Fixture f;
  Result<ExtractedExport> got =
      f.RunWithSlowFirstFile(std::chrono::duration_cast<milliseconds>(Downloader::kUrlReuse) - milliseconds(1));
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.Count("getAll") == 2);  // every file on the Success poll's URLs
}

TEST_CASE("a rerun skips files that are already complete") {
  Fixture f;
  Result<ExtractedExport> first = f.Run();
  REQUIRE(first.ok());
  Result<ExtractedExport> second = f.Run();
  REQUIRE(second.ok());
  CHECK(second->record.id == first->record.id);
  CHECK(f.sim.Count("add") == 1);
  CHECK(f.sim.Count("file") == 3);
  f.CheckIdentical(second.value());
}

TEST_CASE("a Failed export is marked in the journal and replaced by a new one") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(100);
  ExporterOptions o = f.Options();
  o.wait_budget = milliseconds(1500);
  CHECK(f.Run("OrderItem", o).status().code() == StatusCode::kUnavailable);
  std::string old_id = f.journal.All()->front().id;
  f.sim.SetStatus(old_id, "Failed");
  f.sim.SetPollsBeforeSuccess(0);
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  CHECK(got->record.id != old_id);
  f.CheckIdentical(got.value());
  Result<std::vector<ExportRecord>> all = f.journal.All();
  REQUIRE(all->size() == 2);
  CHECK(all->at(0).status == "Failed");
  CHECK(all->at(1).status == "Success");
  CHECK(f.sim.Count("add") == 2);
}

TEST_CASE("an export that expired before its files were downloaded is replaced by a new one") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(0);
  f.sim.AddFault({"file", 500, "", -1, false, -1});
  CHECK(f.Run().status().code() == StatusCode::kUnavailable);
  std::string old_id = f.journal.All()->front().id;
  CHECK(f.journal.All()->front().status == "Success");
  f.sim.ClearFaults();
  f.sim.SetStatus(old_id, "Expired");
  Result<ExtractedExport> got = f.Run();
  REQUIRE(got.ok());
  CHECK(got->record.id != old_id);
  f.CheckIdentical(got.value());
  CHECK(f.journal.All()->front().status == "Expired");
  CHECK(f.sim.Count("add") == 2);
}

TEST_CASE("progress reports bytes on disk against the export's total size") {
  Fixture f;
  std::vector<std::pair<int64_t, int64_t>> seen;
  Exporter exporter(f.Options(), &f.journal, {}, [&](int64_t done, int64_t total) { seen.emplace_back(done, total); },
                    f.http.get(), &f.clock);
  ExportJob job;
  job.request.entity = "OrderItem";
  job.work_dir = f.dir + "/work";
  REQUIRE(exporter.Run(job).ok());
  int64_t total = static_cast<int64_t>(f.files[0].size() + f.files[1].size() + f.files[2].size());
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back() == std::make_pair(total, total));
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i].first >= seen[i - 1].first);
}

TEST_CASE("cancelling while an export is processing stops with Aborted and keeps it resumable") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(100);
  ExporterOptions o = f.Options();
  o.http.cancelled = [&f] { return f.clock.sleeps.size() >= 2; };
  Result<ExtractedExport> got = f.Run("OrderItem", o);
  CHECK(got.status().code() == StatusCode::kAborted);
  std::string id = f.journal.All()->front().id;
  CHECK(got.status().message() == "cancelled while waiting for export " + id + " (rerun to resume it)");
  CHECK(f.journal.OpenExports("OrderItem")->size() == 1);
}

TEST_CASE("an open export with another window is resumed only when the job allows any window") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(0);
  ExportJob job;
  job.request.entity = "Reservation";
  job.request.filters.updated_utc = UtcWindow{"2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z"};
  job.work_dir = f.dir + "/work";
  Exporter exporter(f.Options(), &f.journal, {}, {}, f.http.get(), &f.clock);
  Result<ExtractedExport> first = exporter.Run(job);
  REQUIRE(first.ok());
  job.request.filters.updated_utc = UtcWindow{"2020-01-01T00:00:00Z", "2020-03-01T00:00:00Z"};
  job.resume_any_window = true;
  Result<ExtractedExport> resumed = exporter.Run(job);
  REQUIRE(resumed.ok());
  CHECK(resumed->record.id == first->record.id);
  CHECK(resumed->record.window_end == "2020-02-01T00:00:00Z");
  CHECK(f.sim.Count("add") == 1);
  job.resume_any_window = false;
  Result<ExtractedExport> fresh = exporter.Run(job);
  REQUIRE(fresh.ok());
  CHECK(fresh->record.id != first->record.id);
  CHECK(fresh->record.window_end == "2020-03-01T00:00:00Z");
  CHECK(f.sim.Count("add") == 2);
}

TEST_CASE("waiting longer than the wait budget fails clearly and leaves the export resumable") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(100);
  ExporterOptions o = f.Options();
  o.wait_budget = milliseconds(3500);
  Result<ExtractedExport> got = f.Run("Payment", o);
  CHECK(got.status().code() == StatusCode::kUnavailable);
  std::string id = f.journal.All()->front().id;
  CHECK(got.status().message() == "export " + id + " of Payment is still Processing after 3.0 s; rerun later to resume it");
  CHECK(f.journal.OpenExports("Payment")->size() == 1);
}

TEST_CASE("400 for an export pending elsewhere resumes the journal's export of that type") {
  Fixture f;
  f.sim.SetPollsBeforeSuccess(100);
  ExporterOptions o = f.Options();
  o.wait_budget = milliseconds(1500);
  CHECK_FALSE(f.Run("Bill", o).ok());
  std::string id = f.journal.All()->front().id;
  f.sim.SetPollsBeforeSuccess(0);
  // Same entity, different filters: no direct match, so exports/add is tried and refused with 400.
  ExportJob job;
  job.request.entity = "Bill";
  job.request.filters.updated_utc = UtcWindow{"2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z"};
  job.work_dir = f.dir + "/work";
  Exporter exporter(f.Options(), &f.journal, [&](LogLevel, const std::string& l) { f.logs.push_back(l); }, {},
                    f.http.get(), &f.clock);
  f.sim.SetStatus(id, "Processing");
  Result<ExtractedExport> got = exporter.Run(job);
  REQUIRE(got.ok());
  CHECK(got->record.id == id);
  CHECK(f.sim.Count("add") == 2);
}

TEST_CASE("400 with no export to resume is retried within the pending budget, then fails clearly") {
  Fixture f;
  f.sim.AddPendingExport("Customer");
  Result<ExtractedExport> got = f.Run("Customer");
  CHECK(got.status().code() == StatusCode::kUnavailable);
  CHECK(got.status().message() ==
        "Mews exports/add refused (HTTP 400): An export of this entity type is already in progress. "
        "(RequestId body-400; Request-Id header hdr-400); no open Customer export is recorded to resume: "
        "wait until the pending one finishes, then rerun");
  CHECK(f.sim.Count("add") == 6);  // at 0, 1, 2, 3, 4 and 5 s of a 5 s budget
  CHECK(f.journal.All()->empty());
}

TEST_CASE("wrong tokens fail at once without a retry storm") {
  Fixture f;
  ExporterOptions o = f.Options();
  o.credentials.access_token = "WRONG-ACCESS-TOKEN";
  Result<ExtractedExport> got = f.Run("OrderItem", o);
  CHECK(got.status().code() == StatusCode::kUnauthenticated);
  CHECK(got.status().message().rfind("Mews rejected the tokens (HTTP 401): check MEWS_CLIENT_TOKEN and "
                                     "MEWS_ACCESS_TOKEN; ", 0) == 0);
  CHECK(f.sim.Requests().size() == 1);
  CHECK(f.clock.sleeps.empty());
}

TEST_CASE("a plain-http API URL that is not loopback is refused before any request") {
  Fixture f;
  ExporterOptions o = f.Options();
  o.api_url = "http://api.mews.com";
  Result<ExtractedExport> got = f.Run("OrderItem", o);
  CHECK(got.status().code() == StatusCode::kInvalidArgument);
  CHECK(got.status().message() == "MEWS_API_URL must use https:// (plain http:// only for loopback): http://api.mews.com");
  CHECK(f.sim.Requests().empty());
}

TEST_CASE("a work directory that cannot be created is one IoError") {
  Fixture f;
  std::ofstream(f.dir + "/work") << "a file in the way";
  Result<ExtractedExport> got = f.Run();
  CHECK(got.status().code() == StatusCode::kIoError);
  CHECK(got.status().message().rfind("cannot create work directory " + f.dir + "/work/", 0) == 0);
}

TEST_CASE("a full disk is one IoError and the next run resumes the partial file") {
  Fixture f;
  f.sim.AddFault({"file", 0, "", 4000, false, 1});
  f.sim.SetPollsBeforeSuccess(0);
  std::string id = "00000001-0000-4000-8000-00000000002a";  // the fake's first export id
  std::filesystem::create_directories(f.dir + "/work/" + id);
  std::filesystem::create_symlink("/dev/full", f.dir + "/work/" + id + "/2.jsonl.part");
  Result<ExtractedExport> first = f.Run();
  CHECK(first.status().code() == StatusCode::kIoError);
  CHECK(first.status().message().rfind("cannot write " + f.dir + "/work/" + id + "/2.jsonl.part: No space left on device", 0) == 0);
  std::filesystem::remove(f.dir + "/work/" + id + "/2.jsonl.part");
  Result<ExtractedExport> second = f.Run();
  REQUIRE(second.ok());
  f.CheckIdentical(second.value());
  CHECK(f.sim.Count("add") == 1);
}

}  // TEST_SUITE

}  // namespace mews
