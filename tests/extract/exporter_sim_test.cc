// The Exporter against the real mews-sim child process over loopback HTTP, in real time: every
// fault the simulator injects is recovered from with byte-identical data, and nothing secret is logged.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "extract/exporter.h"
#include "tests/extract/file_journal.h"
#include "tests/extract/sim_child.h"
#include "tests/extract/file_util.h"
#include "tests/support/process.h"

namespace mews {
namespace {

using std::chrono::milliseconds;

const char* kClientToken = "sim-CLIENT-secret-81";
const char* kAccessToken = "sim-ACCESS-secret-27";

// Passes calls through to libcurl and remembers every file URL, to check logs for their queries.
class RecordingHttp : public HttpClient {
 public:
  RecordingHttp() : inner_(NewCurlHttpClient(HttpClientOptions{})) {}
  Result<HttpResponse> PostJson(const std::string& url, const std::string& json) override {
    return inner_->PostJson(url, json);
  }
  Result<HttpResponse> GetToFile(const std::string& url, const std::string& path, int64_t offset,
                                 int64_t max_size,
                                 const HttpProgress& progress) override {
    std::lock_guard<std::mutex> lock(mu_);
    urls_.push_back(url);
    return inner_->GetToFile(url, path, offset, max_size, progress);
  }
  // Every query parameter value of every URL fetched.
  std::vector<std::string> QueryValues() {
    std::vector<std::string> values;
    for (const std::string& url : urls_) {
      size_t q = url.find('?');
      std::stringstream ss(q == std::string::npos ? "" : url.substr(q + 1));
      for (std::string kv; std::getline(ss, kv, '&');) {
        if (kv.find('=') != std::string::npos) values.push_back(kv.substr(kv.find('=') + 1));
      }
    }
    return values;
  }

 private:
  std::unique_ptr<HttpClient> inner_;
  std::mutex mu_;
  std::vector<std::string> urls_;
};

ExporterOptions SimOptions(const std::string& url) {
  ExporterOptions o;
  o.api_url = url;
  o.credentials = {kClientToken, kAccessToken, "mews-etl sim test"};
  o.poll_interval = milliseconds(100);
  o.wait_budget = milliseconds(20000);
  o.pending_budget = milliseconds(1000);
  o.retry.max_attempts = 5;
  o.retry.initial_backoff = milliseconds(50);
  o.retry.max_backoff = milliseconds(200);
  o.retry.budget = milliseconds(4000);
  return o;
}

struct SimFixture {
  test::SimChild sim{{"--count", "400", "--files-per-export", "3", "--processing-seconds", "0.3",
                      "--client-token", kClientToken, "--access-token", kAccessToken}};
  RecordingHttp http;
  std::string dir = test::TempDir("exporter-sim");
  test::FileJournal journal{dir + "/journal.tsv"};
  std::vector<std::string> logs;

  SimFixture() { REQUIRE_MESSAGE(!sim.url().empty(), sim.error()); }
  ~SimFixture() { CheckLogsClean(); }

  ExporterOptions Options() { return SimOptions(sim.url()); }
  Result<ExtractedExport> Run(const std::string& entity, const ExporterOptions& o) {
    Exporter exporter(o, &journal, [this](LogLevel, const std::string& l) { logs.push_back(l); }, {},
                      &http, nullptr);
    ExportJob job;
    job.request.entity = entity;
    job.work_dir = dir + "/work";
    Result<ExtractedExport> r = exporter.Run(job);
    if (!r.ok()) logs.push_back(r.status().message());
    return r;
  }
  Result<ExtractedExport> Run(const std::string& entity) { return Run(entity, Options()); }
  void Faults(const std::string& rules) { REQUIRE(sim.Post("/_sim/faults", rules) == 200); }
  void CheckIdentical(const ExtractedExport& got) {
    REQUIRE(got.files.size() == 3);
    for (size_t i = 0; i < got.files.size(); ++i) {
      std::string reference = sim.work_dir() + "/" + got.record.id + "-" + std::to_string(i + 1) + ".jsonl";
      std::string expected = test::Slurp(reference);
      CHECK(expected.size() > 1000);
      CHECK(test::Slurp(got.files[i]) == expected);
    }
  }
  void CheckLogsClean() {
    std::vector<std::string> secrets = http.QueryValues();
    secrets.push_back(kClientToken);
    secrets.push_back(kAccessToken);
    for (const std::string& line : logs) {
      for (const std::string& s : secrets) CHECK_MESSAGE(line.find(s) == std::string::npos, line);
      CHECK(line.find("sig=") == std::string::npos);
    }
  }
  // Seconds between two request-log lines.
  static double Gap(const std::string& a, const std::string& b) {
    auto ta = ParseTimestamp(test::JsonField(a, "time"));
    auto tb = ParseTimestamp(test::JsonField(b, "time"));
    REQUIRE((ta && tb));
    return static_cast<double>(*tb - *ta) / kMicrosPerSecond;
  }
};

}  // namespace

TEST_SUITE("extract.sim") {

TEST_CASE("sim: a clean run creates one export and downloads identical files") {
  SimFixture f;
  Result<ExtractedExport> got = f.Run("Reservation");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.RequestsTo("exports/add").size() == 1);
  // The files are fetched on the URLs of the poll that saw Success: no exports/getAll per file,
  // which would spend the token's 200 requests per 30 s on an export of many files.
  std::vector<std::string> polls = f.sim.RequestsTo("exports/getAll"), files = f.sim.RequestsTo(".jsonl");
  REQUIRE(!polls.empty());
  REQUIRE(files.size() == 3);
  CHECK(std::stoll(test::JsonField(polls.back(), "seq")) < std::stoll(test::JsonField(files.front(), "seq")));
}

TEST_CASE("sim: 429 on exports/add waits at least Retry-After seconds, then one export is created") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"add","status":429,"retry_after":"1","times":1}]})");
  Result<ExtractedExport> got = f.Run("Payment");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> adds = f.sim.RequestsTo("exports/add");
  REQUIRE(adds.size() == 2);
  CHECK(test::JsonField(adds[0], "status") == "429");
  CHECK(test::JsonField(adds[1], "status") == "200");
  // The log stamps each response as it finishes, so the gap between the two may read a fraction of
  // a millisecond under the 1 s the client waited.
  CHECK(SimFixture::Gap(adds[0], adds[1]) >= 0.99);
}

TEST_CASE("sim: 429 with an HTTP-date Retry-After is honoured") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"getAll","status":429,"retry_after":"2","retry_after_date":true,"times":1}]})");
  Result<ExtractedExport> got = f.Run("Bill");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> polls = f.sim.RequestsTo("exports/getAll");
  REQUIRE(polls.size() >= 2);
  CHECK(test::JsonField(polls[0], "status") == "429");
  CHECK(SimFixture::Gap(polls[0], polls[1]) >= 0.9);  // now + 2 s, truncated to a whole second
}

TEST_CASE("sim: endless 429 gives up within the retry budget") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"add","status":429,"retry_after":"1"}]})");
  ExporterOptions o = f.Options();
  o.retry.budget = milliseconds(2500);
  Result<ExtractedExport> got = f.Run("Company", o);
  CHECK(got.status().code() == StatusCode::kUnavailable);
  CHECK(got.status().message() == "Mews exports/add failed (HTTP 429): Too many requests. (RequestId " +
                                      test::JsonField(f.sim.RequestsTo("exports/add").back(), "request_id") +
                                      "; Request-Id header " +
                                      test::JsonField(f.sim.RequestsTo("exports/add").back(), "request_id") + ")");
  std::vector<std::string> adds = f.sim.RequestsTo("exports/add");
  REQUIRE(adds.size() == 3);  // at 0, 1 and 2 s; a fourth would start after the 2.5 s budget
  CHECK(SimFixture::Gap(adds.front(), adds.back()) >= 2.0);
  CHECK(SimFixture::Gap(adds.front(), adds.back()) <= 2.5);
}

TEST_CASE("sim: 500 and 408 from the API are retried and the data is intact") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"add","status":500,"times":1},{"op":"getAll","status":408,"times":2},)"
           R"({"op":"getAll","status":503,"times":1}]})");
  Result<ExtractedExport> got = f.Run("OrderItem");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  CHECK(f.sim.RequestsTo("exports/add").size() == 2);
  CHECK(f.journal.All()->size() == 1);
}

TEST_CASE("sim: an exports/add whose reply was lost (500 after creating) ends with one recorded export") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"add","status":500,"after_processing":true,"times":1}]})");
  Result<ExtractedExport> got = f.Run("Bill");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> adds = f.sim.RequestsTo("exports/add");
  REQUIRE(adds.size() >= 3);  // 500 (created, id lost), 400 while that one processes, then 200
  CHECK(test::JsonField(adds.front(), "status") == "500");
  CHECK(test::JsonField(adds[1], "status") == "400");
  CHECK(test::JsonField(adds.back(), "status") == "200");
  CHECK(f.journal.All()->size() == 1);
}

TEST_CASE("sim: an export of more files than the token's requests per 30 s downloads without a 429") {
  // 250 files against mews-sim's default limit of 200 requests per 30 s: one exports/getAll per file
  // would be refused (429) and wait out Retry-After.
  test::SimChild sim({"--count", "500", "--files-per-export", "250", "--processing-seconds", "0",
                      "--client-token", kClientToken, "--access-token", kAccessToken});
  REQUIRE_MESSAGE(!sim.url().empty(), sim.error());
  std::string dir = test::TempDir("exporter-sim-many");
  test::FileJournal journal{dir + "/journal.tsv"};
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(HttpClientOptions{});
  Exporter exporter(SimOptions(sim.url()), &journal, {}, {}, http.get(), nullptr);
  ExportJob job;
  job.request.entity = "Payment";
  job.work_dir = dir + "/work";
  Result<ExtractedExport> got = exporter.Run(job);
  REQUIRE_MESSAGE(got.ok(), got.status().message());
  CHECK(got->files.size() == 250);
  std::vector<std::string> all = sim.Requests();
  for (const std::string& line : all) CHECK_MESSAGE(test::JsonField(line, "status") != "429", line);
  CHECK(sim.RequestsTo("exports/getAll").size() <= 2);
}

TEST_CASE("sim: a download cut off mid-file resumes with Range and the data is intact") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"file","cut_after_bytes":3000,"times":2}]})");
  Result<ExtractedExport> got = f.Run("Customer");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> ranges;
  for (const std::string& line : f.sim.RequestsTo(".jsonl")) ranges.push_back(test::JsonField(line, "range"));
  // The second cut hits the resumed request too, 3000 bytes further on.
  CHECK(ranges == std::vector<std::string>{"", "bytes=3000-", "bytes=6000-", "", ""});
  CHECK(f.sim.RequestsTo("exports/add").size() == 1);
}

TEST_CASE("sim: gzip-encoded files are decoded to the exact JSON Lines") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"file","gzip":true}]})");
  Result<ExtractedExport> got = f.Run("AvailabilityBlock");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
}

TEST_CASE("sim: an expired file URL (403) is refreshed through exports/getAll") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"file","status":403,"times":1}]})");
  Result<ExtractedExport> got = f.Run("ResourceBlock");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> files = f.sim.RequestsTo(".jsonl");
  REQUIRE(files.size() == 4);
  CHECK(test::JsonField(files[0], "status") == "403");
}

TEST_CASE("sim: a wrong token fails in one request with a message about the tokens") {
  SimFixture f;
  ExporterOptions o = f.Options();
  o.credentials.access_token = "sim-WRONG-secret-00";
  Result<ExtractedExport> got = f.Run("OrderItem", o);
  CHECK(got.status().code() == StatusCode::kUnauthenticated);
  CHECK(got.status().message().rfind("Mews rejected the tokens (HTTP 401): check MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN; ", 0) == 0);
  CHECK(got.status().message().find("sim-WRONG-secret-00") == std::string::npos);
  CHECK(f.sim.Requests().size() == 1);
}

TEST_CASE("sim: an export recorded in the journal is resumed, not recreated") {
  SimFixture f;
  std::string reply;
  REQUIRE(f.sim.Post("/_sim/pending", R"({"entity":"AvailabilityAdjustment"})", &reply) == 200);
  std::string id = test::JsonField(reply, "Id");
  ExportRecord rec;
  rec.id = id;
  rec.entity = "AvailabilityAdjustment";
  rec.status = "Processing";
  rec.scope_json = "null";
  rec.filters_json = "null";
  REQUIRE(f.journal.SaveExport(rec).ok());
  REQUIRE(f.sim.Post("/_sim/finish", "{\"id\":\"" + id + "\"}") == 200);
  Result<ExtractedExport> got = f.Run("AvailabilityAdjustment");
  REQUIRE(got.ok());
  CHECK(got->record.id == id);
  CHECK(f.sim.RequestsTo("exports/add").empty());
  f.CheckIdentical(got.value());
}

TEST_CASE("sim: a pending export nobody recorded makes exports/add fail clearly after the pending budget") {
  SimFixture f;
  REQUIRE(f.sim.Post("/_sim/pending", R"({"entity":"Payment"})") == 200);
  Result<ExtractedExport> got = f.Run("Payment");
  CHECK(got.status().code() == StatusCode::kUnavailable);
  CHECK(got.status().message().rfind("Mews exports/add refused (HTTP 400): ", 0) == 0);
  CHECK(got.status().message().find("no open Payment export is recorded to resume") != std::string::npos);
  size_t adds = f.sim.RequestsTo("exports/add").size();
  CHECK(adds >= 2);
  CHECK(adds <= 10);  // one every 0.1 s within the 1 s budget: no retry storm
}

}  // TEST_SUITE

}  // namespace mews

namespace mews {

TEST_SUITE("extract.sim") {

TEST_CASE("sim: a download larger than SizeInBytes is cut off, discarded and retried, and the data is intact") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"file","extra_bytes":300000,"times":1}]})");
  Result<ExtractedExport> got = f.Run("Customer");
  REQUIRE(got.ok());
  f.CheckIdentical(got.value());
  std::vector<std::string> files = f.sim.RequestsTo(".jsonl");
  REQUIRE(files.size() == 4);  // the oversize reply, then the three files
  CHECK(test::JsonField(files[0], "fault") == "extra 300000");
  CHECK(test::JsonField(files[1], "range").empty());  // retried from the start, not resumed
  bool warned = false;
  for (const std::string& line : f.logs) {
    warned = warned || (line.find("sent more than the expected") != std::string::npos &&
                        line.find("downloading file 1 of 3 of export " + got->record.id + " again") !=
                            std::string::npos);
  }
  CHECK(warned);
}

TEST_CASE("sim: a file always larger than SizeInBytes is never trusted and the download fails clearly") {
  SimFixture f;
  f.Faults(R"({"rules":[{"op":"file","extra_bytes":10}]})");
  Result<ExtractedExport> got = f.Run("Customer");
  REQUIRE(!got.ok());
  CHECK(got.status().code() == StatusCode::kUnavailable);
  CHECK(got.status().message().find("download of file 1 of 3 of export ") == 0);
  CHECK(got.status().message().find("sent more than the expected") != std::string::npos);
  CHECK(f.sim.RequestsTo(".jsonl").size() == 5);  // every attempt of the retry policy
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(f.dir + "/work", ec)) {
    CHECK_MESSAGE(e.path().extension() != ".jsonl", e.path().string());  // nothing kept as a file
  }
}

}  // TEST_SUITE

}  // namespace mews
