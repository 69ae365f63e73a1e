// sync --config: a hotel group in one run (three connections, --jobs 2, one failing), and the
// config file's errors, each one line "FILE:LINE: ..." with exit 2.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

constexpr int kCount = 40;

std::string WriteFile(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> SimArgs(int seed) {
  return {"--seed", std::to_string(seed), "--count", std::to_string(kCount), "--processing-seconds", "0"};
}

}  // namespace

TEST_CASE("sync --config: three connections, --jobs 2, one wrong token: the others load, exit 1, the summary names it") {
  for (const Target& target : AllTargets("config_group")) {
    INFO(Label(target));
    Sim a(SimArgs(1), kAccessToken);
    Sim b(SimArgs(2), kAccessTokenB);
    const std::string work = TempDir("e2e-config");
    const std::string token_file = WriteFile(work, "vienna.token", std::string(kAccessTokenB) + "\n");
    const std::string config = WriteFile(work, "group.toml",
        "[connections.prague]\n"
        "access_token_env = \"TOKEN_PRAGUE\"\n"
        "api_url = \"" + a.url() + "\"\n"
        "entities = [\"Customer\", \"Company\"]\n"
        "[connections.vienna]\n"
        "access_token_file = \"" + token_file + "\"\n"
        "api_url = \"" + b.url() + "\"\n"
        "entities = [\"Customer\", \"Company\"]\n"
        "[connections.wrong]\n"
        "access_token_env = \"TOKEN_WRONG\"\n"
        "api_url = \"" + a.url() + "\"\n"
        "entities = [\"Customer\"]\n");
    std::map<std::string, std::string> env = {{"MEWS_CLIENT_TOKEN", kClientToken}, {"TOKEN_PRAGUE", kAccessToken},
                                              {"TOKEN_WRONG", kAccessTokenC}};
    ProcessResult r = Etl(SyncArgs(target, work + "/dl", {"--config", config, "--jobs", "2", "--log-format", "json",
                                                          "--summary-json", work + "/s.json"}), env);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    std::map<std::string, EntityFigures> s = ReadSummaryByConnection(work + "/s.json");
    CHECK(s["prague/Customer"].status == "succeeded");
    CHECK(s["prague/Company"].inserted == kCount);
    CHECK(s["vienna/Customer"].inserted == kCount);
    CHECK(s["wrong/Customer"].status == "failed");
    CHECK(s["wrong/Customer"].error.find("token") != std::string::npos);
    CHECK(r.err.find("sync failed for connection(s): wrong") != std::string::npos);
    CHECK(r.err.find("\"connection\":\"vienna\"") != std::string::npos);  // JSON logs carry it
    CHECK(r.out.find("wrong            Customer                 failed") != std::string::npos);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM customers") == std::to_string(2 * kCount));
    CHECK(db->Value("SELECT count(*) FROM companies WHERE _connection = 'vienna'") == std::to_string(kCount));
    CHECK(db->Value("SELECT count(*) FROM etl_connections") == "2");  // the wrong token claimed nothing
    // --connection picks members of the file; each keeps its own watermark (incremental now).
    r = Etl(SyncArgs(target, work + "/dl", {"--config", config, "--connection", "vienna"}), env);
    CHECK(r.exit_code == 0);
    CHECK_FALSE(b.Adds("Customer").back().filters_null);
    CHECK(a.Adds("Customer").size() == 1);  // prague's; the wrong token's add was refused (401)
  }
}

TEST_CASE("config file errors: one line FILE:LINE and exit 2, never a token value") {
  const std::string work = TempDir("e2e-config-errors");
  const std::string db = "sqlite:" + work + "/x.db";
  std::map<std::string, std::string> env = {{"MEWS_CLIENT_TOKEN", kClientToken}, {"TOKEN_A", kAccessToken}};
  struct Case {
    std::string text, line, needle;
  };
  const std::vector<Case> cases = {
      {"[connections.a]\naccess_token = \"" + std::string(kAccessToken) + "\"\n", ":2: ", "access_token: tokens are never"},
      {"client_token = \"x\"\n[connections.a]\naccess_token_env = \"TOKEN_A\"\n", ":1: ", "client_token: tokens"},
      {"[connections.a]\naccess_token_env = \"TOKEN_A\"\ncolour = \"red\"\n", ":3: ", "unknown key 'connections.a.colour'"},
      {"databse = \"sqlite:x\"\n[connections.a]\naccess_token_env = \"TOKEN_A\"\n", ":1: ", "unknown key 'databse'"},
      {"[connections.a]\naccess_token_env = \"TOKEN_A\"\nentities = [\"Customers\"]\n", ":3: ", "unknown entity type 'Customers'"},
      {"[connections.a]\naccess_token_env = \"TOKEN_A\"\nentities = \"Customer\"\n", ":3: ", "expected an array"},
      {"[connections.a]\naccess_token_env = \"TOKEN_A\"\nenterprise_ids = [\"nope\"]\n", ":3: ", "is not a uuid"},
      {"[connections.a]\n\naccess_token_env = \"TOKEN_MISSING\"\n", ":3: ", "environment variable TOKEN_MISSING is not set"},
      {"[connections.a]\naccess_token_file = \"/nonexistent/token\"\n", ":2: ", "cannot read /nonexistent/token"},
      {"[connections.Prague]\naccess_token_env = \"TOKEN_A\"\n", ":1: ", "connection name 'Prague'"},
      {"[connections.a]\nentities = [\"Customer\"]\n", ":1: ", "exactly one of access_token_env and access_token_file"},
      {"[connections.a]\naccess_token_env = \"TOKEN_A\"\napi_url = \"http://example.com\"\n", ":3: ", "api_url"},
      {"database = \"sqlite:x\"\n[connections.a\n", ":2: ", ""},  // TOML syntax
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    INFO(c.text);
    const std::string path = WriteFile(work, "c" + std::to_string(i) + ".toml", c.text);
    ProcessResult r = Etl({"sync", "--db", db, "--config", path}, env);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(path + c.line) != std::string::npos);
    CHECK(r.err.find(c.needle) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  const std::string ok = WriteFile(work, "ok.toml", "[connections.a]\naccess_token_env = \"TOKEN_A\"\n");
  ProcessResult unknown = Etl({"sync", "--db", db, "--config", ok, "--connection", "b"}, env);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no [connections.b] in " + ok) != std::string::npos);
  ProcessResult two = Etl({"sync", "--db", db, "--connection", "a", "--connection", "b"}, env);
  CHECK(two.exit_code == 2);
  CHECK(two.err.find("several connections need --config FILE") != std::string::npos);
}

}  // namespace mews::test
