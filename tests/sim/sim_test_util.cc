#include "tests/sim/sim_test_util.h"

#include <doctest/doctest.h>

#include "tests/support/process.h"

namespace mews::sim::test {

ServerOptions TestOptions() {
  ServerOptions o;
  o.counts.fill(200);
  o.timing.processing_micros = 0;
  o.generator.anchor_micros = DefaultAnchorMicros();
  o.work_dir = mews::test::TempDir("sim-work");
  return o;
}

SimFixture::SimFixture(ServerOptions options)
    : options_(std::move(options)), server_(std::make_unique<SimServer>(options_)) {
  Result<int> port = server_->Start();
  REQUIRE(port.ok());
  base_url_ = server_->base_url();
  client_ = std::make_unique<httplib::Client>(base_url_);
  client_->set_read_timeout(30, 0);
}

SimFixture::~SimFixture() { server_->Stop(); }

httplib::Result SimFixture::Post(const std::string& path, const std::string& body) {
  httplib::Result r = client_->Post(path.c_str(), body, "application/json");
  REQUIRE(r);
  return r;
}

std::string SimFixture::Envelope() const {
  return R"("ClientToken":"sim-client-token","AccessToken":")" + access_token_ +
         R"(","Client":"sim-tests 1.0")";
}

httplib::Result SimFixture::Add(const std::string& fields) {
  return Post("/api/connector/v1/exports/add", "{" + Envelope() + "," + fields + "}");
}

httplib::Result SimFixture::GetAll(const std::vector<std::string>& ids) {
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "\"" : ",\"") + id + "\"";
  return Post("/api/connector/v1/exports/getAll",
              "{" + Envelope() + ",\"ExportIds\":[" + list + "]}");
}

httplib::Result SimFixture::Get(const std::string& url, const httplib::Headers& headers) {
  REQUIRE(url.rfind(base_url_, 0) == 0);
  httplib::Result r = client_->Get(url.substr(base_url_.size()).c_str(), headers);
  REQUIRE(r);
  return r;
}

std::string SimFixture::AddId(const std::string& fields) {
  httplib::Result r = Add(fields);
  return r->status == 200 ? JsonString(r->body, "/Export/Id") : "";
}

std::string SimFixture::ExportJson(const std::string& id) {
  httplib::Result r = GetAll({id});
  REQUIRE(r->status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r->body);
  return simdjson::to_string(doc["Exports"].at(0));
}

std::vector<std::pair<std::string, uint64_t>> SimFixture::Files(const std::string& id) {
  std::string json = ExportJson(id);
  simdjson::dom::parser parser;
  std::vector<std::pair<std::string, uint64_t>> files;
  for (simdjson::dom::element f : parser.parse(json)["Files"].get_array()) {
    files.emplace_back(std::string(f["Url"].get_string().value()), f["SizeInBytes"].get_uint64().value());
  }
  return files;
}

std::vector<std::string> SimFixture::DownloadLines(const std::string& id) {
  std::vector<std::string> lines;
  for (const auto& [url, size] : Files(id)) {
    httplib::Result r = Get(url);
    REQUIRE(r->status == 200);
    CHECK(r->body.size() == size);
    size_t start = 0;
    for (size_t nl; (nl = r->body.find('\n', start)) != std::string::npos; start = nl + 1) {
      lines.push_back(r->body.substr(start, nl - start));
    }
    CHECK(start == r->body.size());  // every file ends with a newline
  }
  return lines;
}

std::string GenerateRecordFor(const ServerOptions& options, Entity entity, uint64_t index) {
  std::string out;
  AppendRecord(entity, index, options.generator, RecordEdit{}, &out);
  return out;
}

std::string JsonString(const std::string& json, const std::string& pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view value;
  if (parser.parse(json).get(doc) || doc.at_pointer(pointer).get(value)) return "";
  return std::string(value);
}

}  // namespace mews::sim::test
