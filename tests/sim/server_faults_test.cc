// mews-sim's fault rules and /_sim control API over real HTTP on loopback.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <thread>

#include "tests/sim/sim_test_util.h"
#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::test {
namespace {

void SetFaults(SimFixture& sim, const std::string& rules) {
  httplib::Result r = sim.Post("/_sim/faults", R"({"rules":)" + rules + "}");
  REQUIRE(r->status == 200);
}

// Request log lines whose path is `path`.
std::vector<std::string> LogLines(SimFixture& sim, const std::string& path) {
  std::string log = sim.Get(sim.base_url() + "/_sim/requests")->body;
  std::vector<std::string> out;
  for (size_t start = 0, nl; (nl = log.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = log.substr(start, nl - start);
    if (JsonString(line, "/path") == path) out.push_back(line);
  }
  return out;
}

TEST_SUITE("sim.server") {

TEST_CASE("a status fault is applied exactly `times` times, then requests succeed") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"Bill")");
  SetFaults(sim, R"([{"op":"getAll","status":500,"times":2},{"op":"getAll","status":408,"times":1}])");
  CHECK(sim.GetAll({id})->status == 500);
  CHECK(sim.GetAll({id})->status == 500);
  CHECK(sim.GetAll({id})->status == 408);
  CHECK(sim.GetAll({id})->status == 200);
  CHECK(sim.GetAll({id})->status == 200);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/exports/getAll");
  REQUIRE(log.size() == 5);
  CHECK(JsonString(log[0], "/fault") == "status 500");
  CHECK(JsonString(log[2], "/fault") == "status 408");
  CHECK(JsonString(log[3], "/fault") == "");
}

TEST_CASE("429 carries Retry-After in seconds or as an HTTP date") {
  SimFixture sim;
  SetFaults(sim, R"([{"op":"add","status":429,"retry_after":"3","times":1},)"
                 R"({"op":"add","status":429,"retry_after":"5","retry_after_date":true,"times":1}])");
  httplib::Result seconds = sim.Add(R"("EntityType":"Bill")");
  CHECK(seconds->status == 429);
  CHECK(seconds->get_header_value("Retry-After") == "3");
  httplib::Result date = sim.Add(R"("EntityType":"Bill")");
  CHECK(date->status == 429);
  std::string when = date->get_header_value("Retry-After");
  CHECK(when.size() == 29);
  CHECK(when.substr(when.size() - 4) == " GMT");
  CHECK(sim.Add(R"("EntityType":"Bill")")->status == 200);
  CHECK(LogLines(sim, "/api/connector/v1/exports/add").size() == 3);
}

TEST_CASE("an after_processing fault creates the export but answers with the fault status") {
  SimFixture sim;
  SetFaults(sim, R"([{"op":"add","status":504,"after_processing":true,"times":1}])");
  CHECK(sim.Add(R"("EntityType":"Company")")->status == 504);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/exports/add");
  REQUIRE(log.size() == 1);
  simdjson::dom::parser parser;
  std::string id(parser.parse(log[0])["ExportIds"].at(0).get_string().value());
  CHECK(JsonString(sim.ExportJson(id), "/Status") == "Success");
}

TEST_CASE("file faults cut the body short, gzip it, or answer 403 once") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"OrderItem")");
  std::string url = sim.Files(id).at(0).first;
  std::string full = sim.Get(url)->body;
  REQUIRE(full.size() > 5000);
  SetFaults(sim, R"([{"op":"file","cut_after_bytes":1000,"times":1},{"op":"file","gzip":true,"times":1},)"
                 R"({"op":"file","status":403,"times":1}])");
  httplib::Client raw(sim.base_url());
  std::string received;
  httplib::Result cut = raw.Get(url.substr(sim.base_url().size()).c_str(),
                                [&](const char* data, size_t n) { received.append(data, n); return true; });
  CHECK(!cut);  // the connection closed before Content-Length bytes arrived
  CHECK(received == full.substr(0, 1000));
  httplib::Result gz = sim.Get(url, {{"Accept-Encoding", "gzip"}});
  CHECK(gz->status == 200);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->body == full);  // the client decompressed it
  CHECK(sim.Get(url)->status == 403);
  CHECK(sim.Get(url)->body == full);
  std::vector<std::string> log = LogLines(sim, "/files/" + id + "-1.jsonl");
  REQUIRE(log.size() == 5);
  CHECK(JsonString(log[1], "/fault") == "cut 1000");
  CHECK(log[1].find("\"bytes\":1000,") != std::string::npos);
  CHECK(JsonString(log[2], "/fault") == "gzip");
  CHECK(log[4].find("\"bytes\":" + std::to_string(full.size())) != std::string::npos);
}

TEST_CASE("a file fault that names a file number applies to that file of the export only") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"OrderItem")");
  auto files = sim.Files(id);
  REQUIRE(files.size() == 3);
  SetFaults(sim, R"([{"op":"file","file":2,"status":500,"times":1}])");
  CHECK(sim.Get(files[0].first)->status == 200);
  CHECK(sim.Get(files[2].first)->status == 200);
  CHECK(sim.Get(files[1].first)->status == 500);
  CHECK(sim.Get(files[1].first)->status == 200);
  REQUIRE(LogLines(sim, "/files/" + id + "-2.jsonl").size() == 2);
  CHECK(JsonString(LogLines(sim, "/files/" + id + "-2.jsonl")[0], "/fault") == "status 500");
  CHECK(JsonString(LogLines(sim, "/files/" + id + "-1.jsonl")[0], "/fault") == "");
}

TEST_CASE("the request log answers while a delayed file is still held back, and lists it once sent") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"OrderItem")");
  auto files = sim.Files(id);
  // Shorter than the 2 s the log waits for requests in flight: a log that waited would list the file.
  SetFaults(sim, R"([{"op":"file","file":1,"delay_ms":1500,"times":1}])");
  const std::string path = files[0].first.substr(sim.base_url().size());
  std::future<int> held = std::async(std::launch::async, [&] {
    httplib::Result r = httplib::Client(sim.base_url()).Get(path.c_str());  // a connection of its own
    return r ? r->status : 0;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the file request reaches the server
  CHECK(LogLines(sim, "/files/" + id + "-1.jsonl").empty());
  CHECK(held.wait_for(std::chrono::seconds(0)) != std::future_status::ready);  // answered before the file
  CHECK(held.get() == 200);
  CHECK(LogLines(sim, "/files/" + id + "-1.jsonl").size() == 1);
}

TEST_CASE("a held export stays Processing, blocks add, and succeeds after finish") {
  SimFixture sim;
  httplib::Result pending = sim.Post("/_sim/pending", R"({"entity":"Customer"})");
  REQUIRE(pending->status == 200);
  std::string id = JsonString(pending->body, "/Id");
  CHECK(JsonString(sim.ExportJson(id), "/Status") == "Processing");
  CHECK(sim.Add(R"("EntityType":"Customer")")->status == 400);
  CHECK(sim.Post("/_sim/finish", R"({"id":")" + id + R"("})")->status == 200);
  CHECK(JsonString(sim.ExportJson(id), "/Status") == "Success");
  CHECK(sim.DownloadLines(id).size() == 200);
}

TEST_CASE("an expired export has no files, keeps ExpiresUtc, and its URLs answer 404") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"AvailabilityBlock")");
  std::string url = sim.Files(id).at(0).first;
  CHECK(sim.Post("/_sim/expire", R"({"id":")" + id + R"("})")->status == 200);
  std::string json = sim.ExportJson(id);
  CHECK(JsonString(json, "/Status") == "Expired");
  CHECK(json.find(R"("Files":[])") != std::string::npos);
  CHECK(ParseUtc(JsonString(json, "/ExpiresUtc")).has_value());
  CHECK(sim.Get(url)->status == 404);
}

TEST_CASE("a failed export has no files and no longer blocks a new export of its type") {
  ServerOptions options = TestOptions();
  options.timing.processing_micros = 3600 * kMicrosPerSecond;
  SimFixture sim(options);
  std::string id = sim.AddId(R"("EntityType":"Payment")");
  REQUIRE(!id.empty());
  CHECK(sim.Add(R"("EntityType":"Payment")")->status == 400);
  CHECK(sim.Post("/_sim/fail", R"({"id":")" + id + R"("})")->status == 200);
  std::string json = sim.ExportJson(id);
  CHECK(JsonString(json, "/Status") == "Failed");
  CHECK(json.find(R"("Files":[],"ExpiresUtc":null)") != std::string::npos);
  CHECK(!sim.AddId(R"("EntityType":"Payment")").empty());
  CHECK(sim.Post("/_sim/fail", R"({"id":"00000000-0000-4000-8000-000000000000"})")->status == 404);
}

TEST_CASE("mutations update, delete and restore records in later exports") {
  SimFixture sim;
  CHECK(sim.Post("/_sim/mutate", R"({"entity":"Customer","update":[3],"delete":[5,6],)"
                                 R"("updated_utc":"2026-01-02T03:04:05Z"})")->status == 200);
  std::vector<std::string> lines = sim.DownloadLines(sim.AddId(R"("EntityType":"Customer")"));
  REQUIRE(lines.size() == 198);
  CHECK(JsonString(lines[3], "/UpdatedUtc") == "2026-01-02T03:04:05Z");
  CHECK(JsonString(lines[3], "/Notes").find("revision 1") != std::string::npos);
  CHECK(JsonString(lines[5], "/Id") == RecordId(Entity::kCustomer, 7, sim.options().generator.seed));
  CHECK(sim.Post("/_sim/mutate", R"({"entity":"Customer","restore":[5]})")->status == 200);
  CHECK(sim.DownloadLines(sim.AddId(R"("EntityType":"Customer")")).size() == 199);
  httplib::Result bad = sim.Post("/_sim/mutate", R"({"entity":"Customer","update":[200]})");
  CHECK(bad->status == 400);
}

TEST_CASE("the request log records API calls with their Filters and without query strings") {
  SimFixture sim;
  std::string id = sim.AddId(R"("EntityType":"Reservation")");
  std::string url = sim.Files(id).at(0).first;
  sim.Get(url, {{"Range", "bytes=10-"}});
  std::string log = sim.Get(sim.base_url() + "/_sim/requests")->body;
  CHECK(log.find("sig=") == std::string::npos);
  CHECK(log.find("expires=") == std::string::npos);
  std::vector<std::string> adds = LogLines(sim, "/api/connector/v1/exports/add");
  REQUIRE(adds.size() == 1);
  CHECK(JsonString(adds[0], "/EntityType") == "Reservation");
  CHECK(JsonString(adds[0], "/method") == "POST");
  CHECK(adds[0].find("\"Filters\":null") != std::string::npos);
  sim.AddId(R"("EntityType":"Bill","Filters":{"UpdatedUtc":{"StartUtc":"2026-01-01T00:00:00Z",)"
            R"("EndUtc":"2026-01-02T00:00:00.5Z"}})");
  adds = LogLines(sim, "/api/connector/v1/exports/add");
  REQUIRE(adds.size() == 2);
  CHECK(JsonString(adds[1], "/Filters/UpdatedUtc/StartUtc") == "2026-01-01T00:00:00Z");
  CHECK(JsonString(adds[1], "/Filters/UpdatedUtc/EndUtc") == "2026-01-02T00:00:00.5Z");
  std::vector<std::string> files = LogLines(sim, "/files/" + id + "-1.jsonl");
  REQUIRE(files.size() == 1);
  CHECK(JsonString(files[0], "/range") == "bytes=10-");
  CHECK(files[0].find("\"status\":206") != std::string::npos);
}

TEST_CASE("bad fault rules are refused with a message naming the field") {
  SimFixture sim;
  httplib::Result r = sim.Post("/_sim/faults", R"({"rules":[{"op":"add","stauts":500}]})");
  CHECK(r->status == 400);
  CHECK(JsonString(r->body, "/Message") == "/_sim/faults: fault rule 0: field 'stauts': unknown field or wrong type");
  r = sim.Post("/_sim/faults", R"({"rules":[{"op":"file","status":700}]})");
  CHECK(r->status == 400);
  CHECK(JsonString(r->body, "/Message") == "/_sim/faults: fault rule 0: field 'status': must be an HTTP status from 200 to 599");
  r = sim.Post("/_sim/faults", R"({"rules":[{"op":"file","file":1},{"op":"add","file":1}]})");
  CHECK(r->status == 400);
  CHECK(JsonString(r->body, "/Message") == "/_sim/faults: fault rule 1: field 'file': only for op \"file\"");
  r = sim.Post("/_sim/faults", R"({"rules":[{"op":"file","file":0}]})");
  CHECK(r->status == 400);
  CHECK(JsonString(r->body, "/Message") == "/_sim/faults: fault rule 0: field 'file': unknown field or wrong type");
}

}  // TEST_SUITE
}  // namespace
}  // namespace mews::sim::test
