// scripts/demo, the README's first command, as a test: its printed row counts match the data set
// it generated (every root table, LedgerEntry included: the demo asks for 400 days of postings and
// mews-sim puts every posting within the year before its anchor); its reference data joins every
// id the facts carry; the README's dashboard queries run against its database.
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
  for (const std::string& entity : AllReferenceTypes()) {
    INFO(entity);
    CHECK(counts[RootTable(entity)] > 0);
  }
  const std::string named = "Revenue per day per accounting category and service";
  REQUIRE(r.out.find(named) != std::string::npos);
  CHECK(r.out.find("accounting_category", r.out.find(named)) != std::string::npos);

  Target demo;
  demo.url = "sqlite:" + dir + "/demo.db";
  auto db = Inspect(demo);
  // Every id a fact carries that has a reference type finds its row.
  const std::vector<std::vector<std::string>> kJoins = {
      {"order_items", "enterprise_id", "enterprises"},
      {"order_items", "service_id", "services"},
      {"order_items", "accounting_category_id", "accounting_categories"},
      {"reservations", "service_id", "services"},
      {"reservations", "rate_id", "rates"},
      {"reservations", "requested_resource_category_id", "resource_categories"},
      {"reservations", "assigned_resource_id", "resources"},
      {"reservations", "business_segment_id", "business_segments"},
      {"order_items", "service_order_id", "reservations"},  // the ADR and rate dashboards go through it
      {"payments", "enterprise_id", "enterprises"},
      {"payments", "accounting_category_id", "accounting_categories"},
      {"bills", "enterprise_id", "enterprises"},
      {"order_items_amount_tax_values", "code", "tax_rates"},  // tax rates are keyed by their text Code
      {"tax_rates", "taxation_code", "taxations"},
  };
  for (const auto& j : kJoins) {
    INFO(j[0] << "." << j[1] << " -> " << j[2]);
    const std::string ids = db->Value("SELECT count(*) FROM " + j[0] + " WHERE " + j[1] + " IS NOT NULL");
    const std::string joined = db->Value("SELECT count(*) FROM " + j[0] + " f JOIN " + j[2] + " d ON d.id = f." + j[1]);
    CHECK(std::stoll(ids) > 0);
    CHECK(joined == ids);
  }
  // The README's dashboard queries run against the demo database.
  const std::string readme = ReadFile(std::string(MEWS_SOURCE_DIR) + "/README.md");
  int queries = 0;
  for (size_t at = readme.find("```sql\n"); at != std::string::npos; at = readme.find("```sql\n", at + 1)) {
    const size_t start = at + 7, end = readme.find("```", start);
    std::string sql = readme.substr(start, end - start);
    sql = sql.substr(sql.find('\n') + 1);  // the comment line naming the dashboard
    while (!sql.empty() && (sql.back() == '\n' || sql.back() == ';')) sql.pop_back();
    INFO(sql);
    std::vector<std::vector<std::string>> rows = db->Rows(sql);
    CHECK(!rows.empty());  // every dashboard shows something on the demo data
    ++queries;
  }
  CHECK(queries == 3);
}

}  // TEST_SUITE
}  // namespace mews::test
