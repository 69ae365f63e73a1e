// mews-sim with several properties (--property TOKEN=SEED) and the per-token rate-limit window,
// over real HTTP on loopback.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/sim/reference_test_util.h"
#include "tests/support/process.h"
#include "tests/support/sim_process.h"
#include "tools/mews-sim/ref_data.h"

namespace mews::sim::test {
namespace {

ServerOptions TwoProperties() {
  ServerOptions o = TestOptions();
  o.counts.fill(30);
  o.properties = {{"token-a", 1}, {"token-b", 2}};
  return o;
}

std::string AddFor(SimFixture& sim, const std::string& token, const std::string& entity) {
  httplib::Result r = sim.Post("/api/connector/v1/exports/add",
      R"({"ClientToken":"sim-client-token","AccessToken":")" + token +
      R"(","Client":"t","EntityType":")" + entity + "\"}");
  REQUIRE(r->status == 200);
  return JsonString(r->body, "/Export/Id");
}

TEST_SUITE("sim.property") {

TEST_CASE("each access token gets its own enterprises, reference data and facts") {
  SimFixture sim(TwoProperties());
  for (auto [token, seed] : {std::pair<std::string, uint64_t>{"token-a", 1}, {"token-b", 2}}) {
    CAPTURE(token);
    std::vector<std::string> enterprises = PageAll(sim, "enterprises/getAll", "", 100, token).ids;
    REQUIRE(enterprises.size() == kScopeCount);
    CHECK(enterprises[0] == ScopeId(Entity::kOrderItem, 0, seed));
    CHECK(PageAll(sim, "services/getAll", "", 100, token).ids[0] == RefItemId(RefType::kService, 0, seed));
    std::string id = AddFor(sim, token, "Payment");
    sim.set_access_token(token);
    std::vector<std::string> lines = sim.DownloadLines(id);
    REQUIRE(lines.size() == 30);
    CHECK(JsonString(lines[0], "/Id") == RecordId(Entity::kPayment, 0, seed));
  }
  CHECK(RefPost(sim, "services/getAll", R"("Limitation":{"Count":1})", "sim-access-token")->status == 401);
}

TEST_CASE("exports belong to their token: another token neither sees nor is blocked by them") {
  ServerOptions o = TwoProperties();
  SimFixture sim(o);
  std::string a = AddFor(sim, "token-a", "Bill");
  std::string b = AddFor(sim, "token-b", "Bill");  // not blocked by A's export of the same type
  httplib::Result seen = sim.Post("/api/connector/v1/exports/getAll",
      R"({"ClientToken":"sim-client-token","AccessToken":"token-b","Client":"t","ExportIds":[")" + a +
      R"(",")" + b + "\"]}");
  REQUIRE(seen->status == 200);
  CHECK(seen->body.find(a) == std::string::npos);
  CHECK(seen->body.find(b) != std::string::npos);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/exports/add");
  REQUIRE(log.size() == 2);
  CHECK(log[0].find(R"("property":0)") != std::string::npos);
  CHECK(log[1].find(R"("property":1)") != std::string::npos);
  CHECK(log[1].find("token-b") == std::string::npos);
}

TEST_CASE("/_sim/mutate and /_sim/pending act on the property named by token") {
  SimFixture sim(TwoProperties());
  REQUIRE(sim.Post("/_sim/mutate", R"({"entity":"Bill","count":5,"token":"token-b"})")->status == 200);
  sim.set_access_token("token-b");
  CHECK(sim.DownloadLines(AddFor(sim, "token-b", "Bill")).size() == 5);
  sim.set_access_token("token-a");
  CHECK(sim.DownloadLines(AddFor(sim, "token-a", "Bill")).size() == 30);
  CHECK(sim.Post("/_sim/mutate", R"({"entity":"Bill","count":5,"token":"nobody"})")->status == 400);
  httplib::Result held = sim.Post("/_sim/pending", R"({"entity":"Payment","token":"token-a"})");
  REQUIRE(held->status == 200);
  CHECK(sim.Post("/api/connector/v1/exports/add",
                 R"({"ClientToken":"sim-client-token","AccessToken":"token-a","Client":"t","EntityType":"Payment"})")
            ->status == 400);
  AddFor(sim, "token-b", "Payment");
  CHECK(sim.Post("/_sim/finish", "{\"id\":\"" + JsonString(held->body, "/Id") + "\"}")->status == 200);
}

TEST_CASE("each token has its own sliding rate-limit window; over it: 429 with Retry-After") {
  ServerOptions o = TwoProperties();
  o.rate_limit = {3, 1};
  SimFixture sim(o);
  std::string limitation = R"("Limitation":{"Count":1})";
  auto started = std::chrono::steady_clock::now();
  CHECK(RefPost(sim, "services/getAll", limitation, "token-a")->status == 200);
  AddFor(sim, "token-a", "Bill");  // exports count too
  CHECK(RefPost(sim, "enterprises/getAll", limitation, "token-a")->status == 200);
  httplib::Result over = RefPost(sim, "services/getAll", limitation, "token-a");
  bool inside = std::chrono::steady_clock::now() - started < std::chrono::milliseconds(900);
  if (inside) {  // (a very slow machine may have moved the window already)
    CHECK(over->status == 429);
    CHECK(over->get_header_value("Retry-After") == "1");
    CHECK(RefPost(sim, "services/getAll", limitation, "token-b")->status == 200);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
  CHECK(RefPost(sim, "services/getAll", limitation, "token-a")->status == 200);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/services/getAll");
  if (inside) CHECK(log[1].find(R"("fault":"rate limit")") != std::string::npos);
}

TEST_CASE("the default window is 200 calls per 30 s per token") {
  ServerOptions o = TestOptions();
  SimFixture sim(o);
  int refused = 0;
  for (int i = 0; i < 201; ++i) {
    refused += RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":1})")->status == 429;
  }
  CHECK(refused == 1);
}

TEST_CASE("mews-sim serve --property answers each given token, and only those") {
  mews::test::SimProcess sim = mews::test::StartSim(
      {"--count", "5", "--property", "pa=1", "--property", "pb=7", "--rate-limit", "50/10"});
  REQUIRE_MESSAGE(sim.pid > 0, sim.error);
  httplib::Client client(sim.base_url);
  auto enterprise = [&](const std::string& token) {
    httplib::Result r = client.Post("/api/connector/v1/enterprises/getAll",
        R"({"ClientToken":"sim-client-token","AccessToken":")" + token +
        R"(","Client":"t","Limitation":{"Count":1}})", "application/json");
    REQUIRE(r);
    return r->status == 200 ? JsonString(r->body, "/Enterprises/0/Id") : std::to_string(r->status);
  };
  CHECK(enterprise("pa") == ScopeId(Entity::kOrderItem, 0, 1));
  CHECK(enterprise("pb") == ScopeId(Entity::kOrderItem, 0, 7));
  CHECK(enterprise("sim-access-token") == "401");
  CHECK(mews::test::StopSim(sim) == 0);
}

TEST_CASE("mews-sim serve refuses a bad --property or --rate-limit with exit status 2") {
  mews::test::ProcessResult r = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "serve", "--property", "secret-token"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--property: expected TOKEN=SEED") != std::string::npos);
  CHECK(r.err.find("secret-token") == std::string::npos);  // tokens never appear in output
  r = mews::test::RunProcess({mews::test::MewsSimPath(), "serve", "--property", "a=1", "--property", "a=2"});
  CHECK(r.exit_code == 2);
  r = mews::test::RunProcess({mews::test::MewsSimPath(), "serve", "--rate-limit", "200"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "mews-sim: --rate-limit: expected N/SECONDS (e.g. 200/30), got '200'\n");
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test
