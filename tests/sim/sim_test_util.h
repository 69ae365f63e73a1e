// Test helpers for the mews-sim suites: an in-process SimServer with an HTTP client, and small
// wrappers for the export API calls.
#pragma once

#include <httplib.h>
#include <simdjson.h>

#include <memory>
#include <string>
#include <vector>

#include "tools/mews-sim/sim_server.h"

namespace mews::sim::test {

constexpr char kTokens[] =
    R"("ClientToken":"sim-client-token","AccessToken":"sim-access-token","Client":"sim-tests 1.0")";

// Server options for tests: 200 records per type, 3 files, exports succeed at once.
ServerOptions TestOptions();

class SimFixture {
 public:
  explicit SimFixture(ServerOptions options = TestOptions());
  ~SimFixture();

  // POST `path` with `body`; the result always has a response (the test fails otherwise).
  httplib::Result Post(const std::string& path, const std::string& body);
  // exports/add with `fields` appended to the token envelope, e.g. R"("EntityType":"Bill")".
  httplib::Result Add(const std::string& fields);
  httplib::Result GetAll(const std::vector<std::string>& ids);
  // GET of a full URL returned by the server (with its query string).
  httplib::Result Get(const std::string& url, const httplib::Headers& headers = {});

  // Adds an export and returns its id ("" when the add failed).
  std::string AddId(const std::string& fields);
  // The Export object of `id` from getAll, as JSON text.
  std::string ExportJson(const std::string& id);
  // The file URLs and sizes of `id` from getAll.
  std::vector<std::pair<std::string, uint64_t>> Files(const std::string& id);
  // All lines of all files of `id`, downloaded in order.
  std::vector<std::string> DownloadLines(const std::string& id);

  // The AccessToken Add, GetAll and the helpers built on them send (default sim-access-token).
  void set_access_token(const std::string& token) { access_token_ = token; }

  SimServer& server() { return *server_; }
  const std::string& base_url() const { return base_url_; }
  const ServerOptions& options() const { return options_; }

 private:
  ServerOptions options_;
  std::unique_ptr<SimServer> server_;
  std::string base_url_;
  std::unique_ptr<httplib::Client> client_;
  std::string access_token_ = "sim-access-token";

  std::string Envelope() const;  // the token fields, as kTokens
};

// Record `index` of `entity` exactly as the server generates it (no edits).
std::string GenerateRecordFor(const ServerOptions& options, Entity entity, uint64_t index);

// The string value at a JSON pointer ("/Export/Id") of `json`, or "" when absent.
std::string JsonString(const std::string& json, const std::string& pointer);

}  // namespace mews::sim::test
