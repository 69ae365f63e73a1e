// mews-sim's reference operations beyond services: required parameters, Extent, ServiceIds
// batching, sizes (--reference-counts) and the consistency of the whole set.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "tests/sim/reference_test_util.h"
#include "tests/support/process.h"
#include "tests/support/sim_process.h"
#include "tools/mews-sim/ref_data.h"

namespace mews::sim::test {
namespace {

using Items = std::map<std::string, std::string>;  // id -> item JSON

// Every item of `op` (all pages of 1000, `fields` added), by id.
Items All(SimFixture& sim, const std::string& op, const std::string& collection, const std::string& fields) {
  Items items;
  std::string cursor;
  for (int guard = 0; guard < 100; ++guard) {
    std::string limitation = R"("Limitation":{"Count":1000)" +
                             (cursor.empty() ? std::string() : R"(,"Cursor":")" + cursor + "\"") + "}";
    httplib::Result r = RefPost(sim, op, limitation + (fields.empty() ? "" : "," + fields));
    REQUIRE(r->status == 200);
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parser.parse(r->body);
    size_t n = 0;
    for (simdjson::dom::element item : doc[collection].get_array()) {
      items[std::string(item["Id"].get_string().value())] = simdjson::to_string(item);
      ++n;
    }
    if (n < 1000) break;
    cursor = JsonString(r->body, "/Cursor");
  }
  return items;
}

std::string IdList(const Items& items, size_t first = 0, size_t last = SIZE_MAX) {
  std::string list;
  size_t i = 0;
  for (const auto& [id, json] : items) {
    if (i >= first && i < last) list += (list.empty() ? "\"" : ",\"") + id + "\"";
    ++i;
  }
  return "[" + list + "]";
}

std::string Field(const std::string& json, const std::string& pointer) { return JsonString(json, pointer); }

TEST_SUITE("sim.reference") {

TEST_CASE("operations with required parameters answer 400 without them") {
  SimFixture sim;
  std::string limitation = R"("Limitation":{"Count":10})";
  CHECK(RefPost(sim, "resourceCategories/getAll", limitation)->status == 400);
  CHECK(RefPost(sim, "resourceCategoryAssignments/getAll", limitation)->status == 400);
  CHECK(RefPost(sim, "resources/getAll", limitation)->status == 400);
  CHECK(RefPost(sim, "rates/getAll", limitation)->status == 400);
  CHECK(RefPost(sim, "rateGroups/getAll", limitation)->status == 400);
  CHECK(RefPost(sim, "products/getAll", limitation)->status == 400);
  httplib::Result r = RefPost(sim, "rates/getAll", limitation);
  CHECK(JsonString(r->body, "/Message") == "Invalid ServiceIds: ServiceIds is required.");
  std::string service = "[\"" + RefItemId(RefType::kService, 0, 1) + "\"]";
  CHECK(RefPost(sim, "rates/getAll", limitation + ",\"ServiceIds\":" + service)->status == 200);
  CHECK(RefPost(sim, "rateGroups/getAll", limitation + ",\"ServiceIds\":" + service)->status == 200);
  CHECK(RefPost(sim, "rateGroups/getAll", limitation + R"(,"RateGroupIds":[")" +
                RefItemId(RefType::kRateGroup, 0, 1) + "\"]")->status == 200);
  CHECK(RefPost(sim, "resources/getAll", limitation + R"(,"Extent":{"Resources":true})")->status == 200);
  CHECK(RefPost(sim, "resources/getAll", limitation + R"(,"Extent":{"Resources":true,"Rooms":true})")->status == 400);
  CHECK(RefPost(sim, "businessSegments/getAll", limitation)->status == 200);
  CHECK(RefPost(sim, "sources/getAll", limitation)->status == 200);
  CHECK(RefPost(sim, "sources/getAll", limitation + R"(,"EnterpriseIds":[])")->status == 400);  // global
  CHECK(RefPost(sim, "ageCategories/getAll", limitation)->status == 200);
  std::string ids = "[";
  for (int i = 0; i < 1001; ++i) ids += (i ? ",\"" : "\"") + RefItemId(RefType::kService, i, 1) + "\"";
  CHECK(RefPost(sim, "rates/getAll", limitation + ",\"ServiceIds\":" + ids + "]")->status == 400);
  CHECK(RefPost(sim, "services/getAll", limitation +
                R"(,"UpdatedUtc":{"StartUtc":"2026-01-01T00:00:00Z","EndUtc":"2026-04-01T00:00:01Z"})")->status == 400);
  CHECK(RefPost(sim, "services/getAll", limitation +
                R"(,"UpdatedUtc":{"StartUtc":"2026-01-01T00:00:00Z","EndUtc":"2026-04-01T00:00:00Z"})")->status == 200);
}

TEST_CASE("the reference set is consistent: every id an item carries resolves, in its enterprise") {
  SimFixture sim;
  Items enterprises = All(sim, "enterprises/getAll", "Enterprises", "");
  Items services = All(sim, "services/getAll", "Services", "");
  std::string by_service = "\"ServiceIds\":" + IdList(services);
  Items categories = All(sim, "resourceCategories/getAll", "ResourceCategories", by_service);
  Items assignments = All(sim, "resourceCategoryAssignments/getAll", "ResourceCategoryAssignments",
                          "\"ResourceCategoryIds\":" + IdList(categories));
  Items resources = All(sim, "resources/getAll", "Resources", R"("Extent":{"Resources":true,"Inactive":true})");
  Items rates = All(sim, "rates/getAll", "Rates", by_service);
  Items groups = All(sim, "rateGroups/getAll", "RateGroups", by_service);
  Items segments = All(sim, "businessSegments/getAll", "BusinessSegments", "");
  Items ages = All(sim, "ageCategories/getAll", "AgeCategories", "");
  Items products = All(sim, "products/getAll", "Products", by_service);
  Items accounting = All(sim, "accountingCategories/getAll", "AccountingCategories", "");
  RefCounts n = DefaultRefCounts();
  auto count = [&](RefType t) { return n[static_cast<size_t>(t)]; };
  CHECK(enterprises.size() == kScopeCount);
  CHECK(services.size() == count(RefType::kService));
  CHECK(categories.size() == count(RefType::kResourceCategory));
  CHECK(resources.size() == count(RefType::kResource));
  CHECK(assignments.size() == count(RefType::kResource));
  CHECK(rates.size() == count(RefType::kRate));
  CHECK(groups.size() == count(RefType::kRateGroup));
  CHECK(segments.size() == count(RefType::kBusinessSegment));
  CHECK(ages.size() == count(RefType::kAgeCategory));
  CHECK(products.size() == count(RefType::kProduct));
  CHECK(All(sim, "sources/getAll", "Sources", "").size() == count(RefType::kSource));
  auto enterprise_of_service = [&](const std::string& id) { return Field(services.at(id), "/EnterpriseId"); };
  for (const auto& [id, json] : services) CHECK(enterprises.count(Field(json, "/EnterpriseId")) == 1);
  for (const auto& [id, json] : categories) {
    REQUIRE(services.count(Field(json, "/ServiceId")) == 1);
    CHECK(enterprise_of_service(Field(json, "/ServiceId")) == Field(json, "/EnterpriseId"));
  }
  for (const auto& [id, json] : assignments) {
    REQUIRE(resources.count(Field(json, "/ResourceId")) == 1);
    REQUIRE(categories.count(Field(json, "/CategoryId")) == 1);
    CHECK(Field(resources.at(Field(json, "/ResourceId")), "/EnterpriseId") ==
          Field(categories.at(Field(json, "/CategoryId")), "/EnterpriseId"));
  }
  for (const auto& [id, json] : rates) {
    CAPTURE(json);
    REQUIRE(groups.count(Field(json, "/GroupId")) == 1);
    CHECK(Field(groups.at(Field(json, "/GroupId")), "/ServiceId") == Field(json, "/ServiceId"));
    std::string base = Field(json, "/BaseRateId");
    if (!base.empty()) CHECK(Field(rates.at(base), "/ServiceId") == Field(json, "/ServiceId"));
    std::string segment = Field(json, "/BusinessSegmentId");
    if (!segment.empty()) CHECK(Field(segments.at(segment), "/ServiceId") == Field(json, "/ServiceId"));
  }
  for (const Items* items : {&segments, &ages, &groups}) {
    for (const auto& [id, json] : *items) CHECK(services.count(Field(json, "/ServiceId")) == 1);
  }
  for (const auto& [id, json] : products) {
    REQUIRE(services.count(Field(json, "/ServiceId")) == 1);
    std::string category = Field(json, "/AccountingCategoryId");
    REQUIRE(accounting.count(category) == 1);
    CHECK(Field(accounting.at(category), "/EnterpriseId") == enterprise_of_service(Field(json, "/ServiceId")));
  }
}

TEST_CASE("resources need Extent.Resources; inactive ones only with Extent.Inactive") {
  SimFixture sim;
  size_t all = All(sim, "resources/getAll", "Resources", R"("Extent":{"Resources":true,"Inactive":true})").size();
  size_t active = All(sim, "resources/getAll", "Resources", R"("Extent":{"Resources":true})").size();
  CHECK(all == DefaultRefCounts()[static_cast<size_t>(RefType::kResource)]);
  CHECK(active < all);
  CHECK(All(sim, "resources/getAll", "Resources", R"("Extent":{"Resources":false})").empty());
}

TEST_CASE("ServiceIds batches: 1100 services, products in every one, two batches give them all") {
  ServerOptions o = TestOptions();
  o.generator.ref_counts[static_cast<size_t>(RefType::kService)] = 1100;
  o.generator.ref_counts[static_cast<size_t>(RefType::kProduct)] = 2500;
  SimFixture sim(o);
  Paged services = PageAll(sim, "services/getAll", "", 1000);
  CHECK(services.page_sizes == std::vector<size_t>{1000, 100});
  Items by_id;
  for (const std::string& id : services.ids) by_id[id] = "";
  Items first = All(sim, "products/getAll", "Products", "\"ServiceIds\":" + IdList(by_id, 0, 1000));
  Items second = All(sim, "products/getAll", "Products", "\"ServiceIds\":" + IdList(by_id, 1000));
  CHECK(!second.empty());
  CHECK(first.size() + second.size() == 2500);
  for (const auto& [id, json] : second) CHECK(first.count(id) == 0);
  Paged products = PageAll(sim, "products/getAll", "\"ServiceIds\":" + IdList(by_id, 0, 1000), 1000);
  REQUIRE(first.size() > 2000);
  CHECK(products.page_sizes == std::vector<size_t>{1000, 1000, first.size() - 2000});
}

TEST_CASE("taxations/getAll returns Taxations and TaxRates whole, covering the facts' tax codes") {
  SimFixture sim;
  httplib::Result r = RefPost(sim, "taxations/getAll", "");
  REQUIRE(r->status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r->body);
  std::set<std::string> taxations, rates;
  for (simdjson::dom::element t : doc["Taxations"].get_array()) taxations.insert(std::string(t["Code"].get_string().value()));
  for (simdjson::dom::element t : doc["TaxRates"].get_array()) {
    rates.insert(std::string(t["Code"].get_string().value()));
    CHECK(taxations.count(std::string(t["TaxationCode"].get_string().value())) == 1);
  }
  for (const char* code : {"DE-2020-1-L", "DE-2020-1-S", "GB-S", "CZ-2019-R", "US-NY-CITY", "FR-2014-R"}) {
    CHECK(rates.count(code) == 1);
  }
  CHECK(RefPost(sim, "taxations/getAll", R"("Limitation":{"Count":10})")->status == 400);
}

TEST_CASE("mews-sim serve --reference-counts sets the sizes; a bad one exits 2") {
  mews::test::SimProcess sim = mews::test::StartSim({"--count", "5", "--reference-counts", "Rate=1001,Source=3"});
  REQUIRE_MESSAGE(sim.pid > 0, sim.error);
  httplib::Client client(sim.base_url);
  httplib::Result r = client.Post("/api/connector/v1/sources/getAll",
      R"({"ClientToken":"sim-client-token","AccessToken":"sim-access-token","Client":"t","Limitation":{"Count":100}})",
      "application/json");
  REQUIRE(r);
  CHECK(Ids(r->body, "Sources").size() == 3);
  CHECK(mews::test::StopSim(sim) == 0);
  mews::test::ProcessResult bad = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "serve", "--reference-counts", "Enterprise=4"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.rfind("mews-sim: --reference-counts: expected Type=N", 0) == 0);
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test
