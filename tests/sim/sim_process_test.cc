// mews-sim as a child process: the listening line, a real request, a clean stop, bad flags.
#include <doctest/doctest.h>
#include <httplib.h>

#include "tests/support/process.h"
#include "tests/support/sim_process.h"

namespace {

TEST_SUITE("sim.process") {

TEST_CASE("StartSim reports the real port and mews-sim stops with status 0 on SIGTERM") {
  std::string log = mews::test::TempDir("sim-process") + "/requests.jsonl";
  mews::test::SimProcess sim = mews::test::StartSim(
      {"--count", "10", "--client-token", "ct", "--access-token", "at", "--request-log", log});
  REQUIRE_MESSAGE(sim.pid > 0, sim.error);
  CHECK(sim.base_url.rfind("http://127.0.0.1:", 0) == 0);
  CHECK(sim.base_url != "http://127.0.0.1:0");
  httplib::Client client(sim.base_url);
  httplib::Result r = client.Post("/api/connector/v1/exports/add",
                                  R"({"ClientToken":"ct","AccessToken":"at","Client":"t","EntityType":"Bill"})",
                                  "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(mews::test::StopSim(sim) == 0);
  mews::test::ProcessResult cat = mews::test::RunProcess({"/bin/cat", log});
  CHECK(cat.out.find("\"path\":\"/api/connector/v1/exports/add\"") != std::string::npos);
}

TEST_CASE("mews-sim serve rejects bad flags with exit status 2 and a message naming the flag") {
  mews::test::ProcessResult r = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "serve", "--counts", "Bogus=3"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "mews-sim: --counts: expected EntityType=N, got 'Bogus=3'\n");
  r = mews::test::RunProcess({mews::test::MewsSimPath(), "serve", "--faults", R"({"rules":[{"op":"x"}]})"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "mews-sim: --faults: fault rule 0: field 'op': must be \"add\", \"getAll\", \"file\" or "
                 "a reference operation such as \"services/getAll\"\n");
}

}  // TEST_SUITE
}  // namespace
