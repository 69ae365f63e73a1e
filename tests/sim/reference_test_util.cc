#include "tests/sim/reference_test_util.h"

#include <doctest/doctest.h>

namespace mews::sim::test {

httplib::Result RefPost(SimFixture& sim, const std::string& op, const std::string& fields,
                        const std::string& access_token) {
  std::string body = R"({"ClientToken":"sim-client-token","AccessToken":")" + access_token +
                     R"(","Client":"sim-tests 1.0")" + (fields.empty() ? "" : "," + fields) + "}";
  return sim.Post("/api/connector/v1/" + op, body);
}

std::vector<std::string> Ids(const std::string& body, const std::string& collection) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::array items;
  std::vector<std::string> ids;
  if (parser.parse(body).get(doc) || doc[collection].get(items)) return ids;
  for (simdjson::dom::element item : items) {
    std::string_view id;
    if (!item["Id"].get(id)) ids.emplace_back(id);
  }
  return ids;
}

Paged PageAll(SimFixture& sim, const std::string& op, const std::string& fields, size_t count,
              const std::string& access_token) {
  static const std::map<std::string, std::string> kCollections = {
      {"enterprises/getAll", "Enterprises"}, {"services/getAll", "Services"},
      {"accountingCategories/getAll", "AccountingCategories"},
      {"resourceCategories/getAll", "ResourceCategories"},
      {"resourceCategoryAssignments/getAll", "ResourceCategoryAssignments"},
      {"resources/getAll", "Resources"}, {"rates/getAll", "Rates"},
      {"rateGroups/getAll", "RateGroups"}, {"businessSegments/getAll", "BusinessSegments"},
      {"sources/getAll", "Sources"}, {"ageCategories/getAll", "AgeCategories"},
      {"products/getAll", "Products"}};
  Paged out;
  std::string cursor;
  for (int guard = 0; guard < 10000; ++guard) {
    std::string limitation = R"("Limitation":{"Count":)" + std::to_string(count) +
                             (cursor.empty() ? "" : R"(,"Cursor":")" + cursor + "\"") + "}";
    httplib::Result r = RefPost(sim, op, limitation + (fields.empty() ? "" : "," + fields), access_token);
    REQUIRE(r->status == 200);
    std::vector<std::string> page = Ids(r->body, kCollections.at(op));
    out.page_sizes.push_back(page.size());
    out.ids.insert(out.ids.end(), page.begin(), page.end());
    CHECK(JsonString(r->body, "/Cursor") == (page.empty() ? "" : page.back()));
    if (page.size() < count) break;
    cursor = page.back();
  }
  return out;
}

std::vector<std::string> LogLines(SimFixture& sim, const std::string& path) {
  std::string log = sim.Get(sim.base_url() + "/_sim/requests")->body;
  std::vector<std::string> out;
  for (size_t start = 0, nl; (nl = log.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = log.substr(start, nl - start);
    if (JsonString(line, "/path") == path) out.push_back(line);
  }
  return out;
}

}  // namespace mews::sim::test
