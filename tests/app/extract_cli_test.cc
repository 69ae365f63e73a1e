#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/process.h"
#include "tests/support/sim_process.h"

using namespace mews;

namespace {
std::map<std::string, std::string> SimEnv(const test::SimProcess& sim) {
  return {{"MEWS_API_URL", sim.base_url},
          {"MEWS_CLIENT_TOKEN", "sim-client-token"},
          {"MEWS_ACCESS_TOKEN", "sim-access-token"}};
}
size_t CountLines(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !line.empty();
  return n;
}
}  // namespace

TEST_SUITE("app.extract_cli") {
  TEST_CASE("extract downloads every file of a new export and prints their paths") {
    test::SimProcess sim = test::StartSim({"--count", "120", "--processing-seconds", "0.3"});
    REQUIRE_MESSAGE(sim.pid > 0, sim.error);
    std::string dir = test::TempDir("extract");
    test::ProcessResult r = test::RunProcess(
        {test::MewsEtlPath(), "extract", "--entity", "Customer", "--out", dir + "/files", "--db",
         "sqlite:" + dir + "/state.db", "--poll-interval", "0.1"},
        SimEnv(sim));
    test::StopSim(sim);
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    std::istringstream paths(r.out);
    size_t files = 0, lines = 0;
    for (std::string p; std::getline(paths, p);) {
      CHECK(std::filesystem::exists(p));
      CHECK(p.rfind(dir + "/files/", 0) == 0);
      lines += CountLines(p);
      ++files;
    }
    CHECK(files == 3);
    CHECK(lines == 120);
  }

  TEST_CASE("extract without tokens is a configuration error that names the variable") {
    std::string dir = test::TempDir("extract-notoken");
    test::ProcessResult r = test::RunProcess(
        {test::MewsEtlPath(), "extract", "--entity", "Customer", "--out", dir, "--db", "sqlite:" + dir + "/s.db"},
        {{"MEWS_CLIENT_TOKEN", ""}, {"MEWS_ACCESS_TOKEN", "x"}, {"MEWS_API_URL", "http://127.0.0.1:9"}});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("MEWS_CLIENT_TOKEN is not set") != std::string::npos);
  }

  TEST_CASE("a plain-http API URL that is not loopback is refused before anything is sent") {
    std::string dir = test::TempDir("extract-http");
    test::ProcessResult r = test::RunProcess(
        {test::MewsEtlPath(), "extract", "--entity", "Customer", "--out", dir, "--db", "sqlite:" + dir + "/s.db"},
        {{"MEWS_CLIENT_TOKEN", "a"}, {"MEWS_ACCESS_TOKEN", "b"}, {"MEWS_API_URL", "http://api.mews.com"}});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("MEWS_API_URL") != std::string::npos);
  }
}
