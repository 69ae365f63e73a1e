// scripts/demo, the README's first command, as a test: its printed row counts match the data set
// it generated (every root table, LedgerEntry included: the demo asks for 400 days of postings and
// mews-sim puts every posting within the year before its anchor).
#include <doctest/doctest.h>

#include <sstream>

#include "schemas/registry.h"
#include "tests/e2e/e2e_util.h"

namespace mews::test {

TEST_SUITE("e2e.demo") {

TEST_CASE("scripts/demo prints a row count per table that equals the generated count of every type") {
  std::string dir = TempDir("e2e-demo");
  ProcessResult r = RunProcess({"/bin/bash", std::string(MEWS_SOURCE_DIR) + "/scripts/demo"},
                               {{"MEWS_ETL_DEMO_NO_SETUP", "1"},
                                {"MEWS_ETL_BUILD_DIR", MEWS_BINARY_DIR},
                                {"MEWS_ETL_DEMO_COUNT", "150"},
                                {"MEWS_ETL_DEMO_DB", dir + "/demo.db"}});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("demo-client-token") == std::string::npos);
  CHECK(r.out.find("sig=") == std::string::npos);
  CHECK(r.err.find("sig=") == std::string::npos);
  std::map<std::string, long long> counts;
  std::istringstream lines(r.out.substr(r.out.find("Rows per table in")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && !line.empty()) {
    std::istringstream cells(line);
    std::string table;
    long long n = -1;
    cells >> table >> n;
    counts[table] = n;
  }
  for (const std::string& entity : AllEntityTypes()) {
    INFO(entity);
    REQUIRE(counts.count(RootTable(entity)) == 1);
    CHECK(counts[RootTable(entity)] == 150);
  }
  CHECK(counts["etl_watermarks"] == 10);
  CHECK(r.out.find("Revenue per day and currency") != std::string::npos);
  CHECK(r.out.find("gross_revenue") != std::string::npos);
}

}  // TEST_SUITE
}  // namespace mews::test
