// mews-sim's export API over real HTTP on loopback: the happy path, errors, filters, Range, URLs.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "tests/sim/sim_test_util.h"
#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::test {
namespace {

std::string Window(int64_t start, int64_t end) {
  return R"("Filters":{"UpdatedUtc":{"StartUtc":")" + FormatUtc(start) + R"(","EndUtc":")" +
         FormatUtc(end) + R"("}})";
}

TEST_SUITE("sim.server") {

TEST_CASE("add returns a Pending export and getAll then gives every record in K files of exact size") {
  SimFixture sim;
  httplib::Result add = sim.Add(R"("EntityType":"Customer")");
  REQUIRE(add->status == 200);
  CHECK(add->has_header("Request-Id"));
  CHECK(JsonString(add->body, "/Export/Status") == "Pending");
  CHECK(JsonString(add->body, "/Export/EntityType") == "Customer");
  CHECK(add->body.find(R"("Files":[],"ExpiresUtc":null,"Filters":null)") != std::string::npos);
  CHECK(add->body.find(R"("Scope":{"EnterpriseIds":null,"ChainIds":[")") != std::string::npos);
  std::string id = JsonString(add->body, "/Export/Id");
  REQUIRE(IsUuid(id));
  std::string json = sim.ExportJson(id);
  CHECK(JsonString(json, "/Status") == "Success");
  CHECK(ParseUtc(JsonString(json, "/ExpiresUtc")).has_value());
  std::vector<std::pair<std::string, uint64_t>> files = sim.Files(id);
  REQUIRE(files.size() == 3);
  CHECK(files[0].first.find("/files/" + id + "-1.jsonl?expires=") != std::string::npos);
  std::vector<std::string> lines = sim.DownloadLines(id);
  REQUIRE(lines.size() == 200);
  for (uint64_t i = 0; i < lines.size(); ++i) {
    CHECK(lines[i] == GenerateRecordFor(sim.options(), Entity::kCustomer, i));
  }
}

TEST_CASE("wrong tokens get 401 with Message, RequestId and the Request-Id header") {
  SimFixture sim;
  for (const char* path : {"/api/connector/v1/exports/add", "/api/connector/v1/exports/getAll"}) {
    httplib::Result r = sim.Post(path, R"({"ClientToken":"sim-client-token","AccessToken":"stolen",)"
                                       R"("Client":"x","EntityType":"Bill"})");
    CHECK(r->status == 401);
    CHECK(JsonString(r->body, "/Message") == "Invalid ClientToken or AccessToken.");
    CHECK(JsonString(r->body, "/RequestId") == r->get_header_value("Request-Id"));
  }
}

TEST_CASE("add answers 400 with a Message for each invalid request") {
  SimFixture sim;
  int64_t now = NowMicros();
  const std::pair<std::string, std::string> cases[] = {
      {R"("EntityType":"Invoice")", "Invalid EntityType."},
      {R"("EntityType":"LedgerEntry")", "Filters.LedgerEntryFilters.Posting is required for LedgerEntry exports."},
      {R"("EntityType":"Bill",)" + Window(now - 3600 * kMicrosPerSecond, now - 60 * kMicrosPerSecond),
       "Invalid Filters.UpdatedUtc: EndUtc must be at least 5 minutes in the past."},
      {R"("EntityType":"Bill",)" + Window(now - 182 * kMicrosPerDay, now - kMicrosPerDay),
       "Invalid Filters.UpdatedUtc: the interval must not exceed 180 days."},
      {R"("EntityType":"Bill","Extra":1)", "Invalid parameter 'Extra'."},
  };
  for (const auto& [fields, message] : cases) {
    CAPTURE(fields);
    httplib::Result r = sim.Add(fields);
    CHECK(r->status == 400);
    CHECK(JsonString(r->body, "/Message") == message);
    CHECK(IsUuid(JsonString(r->body, "/RequestId")));
  }
}

TEST_CASE("getAll answers 400 for missing, empty or malformed ExportIds and omits unknown ids") {
  SimFixture sim;
  const std::string bodies[] = {
      std::string("{") + kTokens + "}",
      std::string("{") + kTokens + R"(,"ExportIds":[]})",
      std::string("{") + kTokens + R"(,"ExportIds":["not-a-uuid"]})",
      std::string("{") + kTokens + R"(,"ExportIds":["00000000-0000-4000-8000-000000000000"],"Limitation":{}})",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body);
    httplib::Result r = sim.Post("/api/connector/v1/exports/getAll", body);
    CHECK(r->status == 400);
    CHECK(!JsonString(r->body, "/Message").empty());
  }
  httplib::Result unknown = sim.GetAll({"00000000-0000-4000-8000-000000000000"});
  CHECK(unknown->status == 200);
  CHECK(unknown->body == R"({"Exports":[]})");
}

TEST_CASE("a second export of a type is refused while the first is pending") {
  ServerOptions options = TestOptions();
  options.timing.processing_micros = 3600 * kMicrosPerSecond;
  SimFixture sim(options);
  std::string first = sim.AddId(R"("EntityType":"Payment")");
  REQUIRE(!first.empty());
  httplib::Result second = sim.Add(R"("EntityType":"Payment")");
  CHECK(second->status == 400);
  CHECK(JsonString(second->body, "/Message").find("already pending") != std::string::npos);
  CHECK(!sim.AddId(R"("EntityType":"Bill")").empty());  // other types are not blocked
  CHECK(JsonString(sim.ExportJson(first), "/Status") == "Pending");
}

TEST_CASE("Filters.UpdatedUtc keeps exactly the records updated from StartUtc up to but excluding EndUtc") {
  SimFixture sim;
  int64_t end = sim.options().generator.anchor_micros - 30 * kMicrosPerDay;
  int64_t start = end - 120 * kMicrosPerDay;
  std::string id = sim.AddId(R"("EntityType":"OrderItem",)" + Window(start, end));
  REQUIRE(!id.empty());
  CHECK(sim.ExportJson(id).find(R"("Filters":{"UpdatedUtc":{"StartUtc":")" + FormatUtc(start)) !=
        std::string::npos);
  std::set<std::string> expected;
  for (uint64_t i = 0; i < 200; ++i) {
    std::string line;
    RecordInfo info = AppendRecord(Entity::kOrderItem, i, sim.options().generator, {}, &line);
    if (info.updated_micros >= start && info.updated_micros < end) expected.insert(line);
  }
  REQUIRE(!expected.empty());
  std::vector<std::string> lines = sim.DownloadLines(id);
  CHECK(std::set<std::string>(lines.begin(), lines.end()) == expected);
  CHECK(lines.size() == expected.size());
}

TEST_CASE("LedgerEntry exports keep the posting dates inside the inclusive Posting interval") {
  SimFixture sim;
  int64_t last = sim.options().generator.anchor_micros / kMicrosPerDay - 10;
  std::string filter = R"("Filters":{"LedgerEntryFilters":{"Posting":{"Start":")" +
                       FormatDate(last - 90) + R"(","End":")" + FormatDate(last) + R"("}}})";
  std::string id = sim.AddId(R"("EntityType":"LedgerEntry",)" + filter);
  REQUIRE(!id.empty());
  size_t expected = 0;
  for (uint64_t i = 0; i < 200; ++i) {
    std::string line;
    RecordInfo info = AppendRecord(Entity::kLedgerEntry, i, sim.options().generator, {}, &line);
    expected += info.posting_day >= last - 90 && info.posting_day <= last;
  }
  std::vector<std::string> lines = sim.DownloadLines(id);
  CHECK(lines.size() == expected);
  for (const std::string& line : lines) {
    std::optional<int64_t> day = ParseDate(JsonString(line, "/PostingDate"));
    REQUIRE(day.has_value());
    CHECK(*day >= last - 90);
    CHECK(*day <= last);
  }
}

TEST_CASE("a Range request returns 206 with the rest of the file") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"Bill")");
  auto files = sim.Files(id);
  REQUIRE(!files.empty());
  std::string full = sim.Get(files[0].first)->body;
  httplib::Result part = sim.Get(files[0].first, {{"Range", "bytes=1000-"}});
  CHECK(part->status == 206);
  CHECK(part->get_header_value("Content-Range") ==
        "bytes 1000-" + std::to_string(full.size() - 1) + "/" + std::to_string(full.size()));
  CHECK(part->body == full.substr(1000));
  httplib::Result beyond = sim.Get(files[0].first, {{"Range", "bytes=" + std::to_string(full.size()) + "-"}});
  CHECK(beyond->status == 416);
}

TEST_CASE("file URLs with a bad signature or past their lifetime get 403, fresh ones work") {
  ServerOptions options = TestOptions();
  options.url_ttl_seconds = 1;
  SimFixture sim(options);
  std::string id = sim.AddId(R"("EntityType":"ResourceBlock")");
  std::string url = sim.Files(id).at(0).first;
  std::string forged = url.substr(0, url.find("&sig=")) + "&sig=00000000000000000000000000000000";
  CHECK(sim.Get(forged)->status == 403);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(sim.Get(url)->status == 403);
  std::string fresh = sim.Files(id).at(0).first;
  CHECK(fresh != url);
  CHECK(sim.Get(fresh)->status == 200);
}

}  // TEST_SUITE
}  // namespace
}  // namespace mews::sim::test
