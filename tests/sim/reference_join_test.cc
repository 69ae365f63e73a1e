// Fact records draw their reference ids from the same data set's reference set: every
// fact -> reference join resolves, and links agree (a reservation's rate and room category belong
// to its service, its room is assigned to its category, an order item's service and accounting
// category to its enterprise).
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "tests/sim/reference_test_util.h"
#include "tools/mews-sim/ref_data.h"

namespace mews::sim::test {
namespace {

using Items = std::map<std::string, std::string>;  // id -> item JSON

Items All(SimFixture& sim, const std::string& op, const std::string& collection, const std::string& fields) {
  httplib::Result r = RefPost(sim, op, R"("Limitation":{"Count":1000})" + (fields.empty() ? "" : "," + fields));
  REQUIRE(r->status == 200);
  Items items;
  simdjson::dom::parser parser;
  for (simdjson::dom::element item : parser.parse(r->body)[collection].get_array()) {
    items[std::string(item["Id"].get_string().value())] = simdjson::to_string(item);
  }
  REQUIRE(items.size() < 1000);
  return items;
}

struct RefSet {
  Items enterprises, services, accounting, categories, assignments, resources, rates, segments, ages, products;
  std::set<std::string> chains;
  std::map<std::string, std::string> category_of_resource;
};

RefSet Load(SimFixture& sim) {
  RefSet s;
  s.enterprises = All(sim, "enterprises/getAll", "Enterprises", "");
  for (const auto& [id, json] : s.enterprises) s.chains.insert(JsonString(json, "/ChainId"));
  s.services = All(sim, "services/getAll", "Services", "");
  std::string ids;
  for (const auto& [id, json] : s.services) ids += (ids.empty() ? "\"" : ",\"") + id + "\"";
  std::string by_service = "\"ServiceIds\":[" + ids + "]";
  s.accounting = All(sim, "accountingCategories/getAll", "AccountingCategories", "");
  s.categories = All(sim, "resourceCategories/getAll", "ResourceCategories", by_service);
  std::string categories;
  for (const auto& [id, json] : s.categories) categories += (categories.empty() ? "\"" : ",\"") + id + "\"";
  s.assignments = All(sim, "resourceCategoryAssignments/getAll", "ResourceCategoryAssignments",
                      "\"ResourceCategoryIds\":[" + categories + "]");
  for (const auto& [id, json] : s.assignments) {
    s.category_of_resource[JsonString(json, "/ResourceId")] = JsonString(json, "/CategoryId");
  }
  s.resources = All(sim, "resources/getAll", "Resources", R"("Extent":{"Resources":true,"Inactive":true})");
  s.rates = All(sim, "rates/getAll", "Rates", by_service);
  s.segments = All(sim, "businessSegments/getAll", "BusinessSegments", "");
  s.ages = All(sim, "ageCategories/getAll", "AgeCategories", "");
  s.products = All(sim, "products/getAll", "Products", by_service);
  return s;
}

// The value at `pointer` of `line` resolves in `items` when present; returns it ("" when absent/null).
std::string Resolves(const std::string& line, const std::string& pointer, const Items& items, size_t* joined) {
  std::string id = JsonString(line, pointer);
  if (id.empty()) return id;
  CAPTURE(pointer);
  CAPTURE(line);
  CHECK(items.count(id) == 1);
  ++*joined;
  return id;
}

TEST_SUITE("sim.reference") {

TEST_CASE("every reference id a fact record carries finds its item, in the record's enterprise") {
  ServerOptions o = TestOptions();
  o.counts.fill(150);
  SimFixture sim(o);
  RefSet s = Load(sim);
  size_t joined = 0;
  auto enterprise_of = [&](const Items& items, const std::string& id) {
    return id.empty() ? std::string() : JsonString(items.at(id), "/EnterpriseId");
  };
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"OrderItem")"))) {
    std::string enterprise = Resolves(line, "/EnterpriseId", s.enterprises, &joined);
    CHECK(enterprise_of(s.services, Resolves(line, "/ServiceId", s.services, &joined)) == enterprise);
    std::string category = Resolves(line, "/AccountingCategoryId", s.accounting, &joined);
    if (!category.empty()) CHECK(enterprise_of(s.accounting, category) == enterprise);
    Resolves(line, "/Data/Product/ProductId", s.products, &joined);
    Resolves(line, "/Data/Rebate/ProductId", s.products, &joined);
    Resolves(line, "/Data/Product/AgeCategoryId", s.ages, &joined);
  }
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"Reservation")"))) {
    std::string service = Resolves(line, "/ServiceId", s.services, &joined);
    std::string rate = Resolves(line, "/RateId", s.rates, &joined);
    CHECK(JsonString(s.rates.at(rate), "/ServiceId") == service);
    std::string category = Resolves(line, "/RequestedResourceCategoryId", s.categories, &joined);
    CHECK(JsonString(s.categories.at(category), "/ServiceId") == service);
    std::string resource = Resolves(line, "/AssignedResourceId", s.resources, &joined);
    if (!resource.empty()) CHECK(s.category_of_resource.at(resource) == category);
    std::string segment = Resolves(line, "/BusinessSegmentId", s.segments, &joined);
    if (!segment.empty()) CHECK(JsonString(s.segments.at(segment), "/ServiceId") == service);
    for (int i = 0; i < 2; ++i) {
      std::string age = Resolves(line, "/PersonCounts/" + std::to_string(i) + "/AgeCategoryId", s.ages, &joined);
      if (!age.empty()) CHECK(JsonString(s.ages.at(age), "/ServiceId") == service);
    }
  }
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"AvailabilityBlock")"))) {
    std::string enterprise = Resolves(line, "/EnterpriseId", s.enterprises, &joined);
    std::string service = Resolves(line, "/ServiceId", s.services, &joined);
    CHECK(enterprise_of(s.services, service) == enterprise);
    CHECK(JsonString(s.rates.at(Resolves(line, "/RateId", s.rates, &joined)), "/ServiceId") == service);
    Resolves(line, "/BusinessSegmentId", s.segments, &joined);
  }
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"AvailabilityAdjustment")"))) {
    Resolves(line, "/ResourceCategoryId", s.categories, &joined);
  }
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"ResourceBlock")"))) {
    std::string enterprise = Resolves(line, "/EnterpriseId", s.enterprises, &joined);
    CHECK(enterprise_of(s.resources, Resolves(line, "/AssignedResourceId", s.resources, &joined)) == enterprise);
  }
  for (const char* type : {"Payment", "Bill"}) {
    for (const std::string& line : sim.DownloadLines(sim.AddId(std::string(R"("EntityType":")") + type + "\""))) {
      std::string enterprise = Resolves(line, "/EnterpriseId", s.enterprises, &joined);
      std::string category = Resolves(line, "/AccountingCategoryId", s.accounting, &joined);
      if (!category.empty()) CHECK(enterprise_of(s.accounting, category) == enterprise);
    }
  }
  std::string posting = R"("Filters":{"LedgerEntryFilters":{"Posting":{"Start":"2000-01-01","End":"2100-01-01"}}})";
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"LedgerEntry",)" + posting))) {
    std::string enterprise = Resolves(line, "/EnterpriseId", s.enterprises, &joined);
    std::string category = Resolves(line, "/AccountingCategoryId", s.accounting, &joined);
    if (!category.empty()) CHECK(enterprise_of(s.accounting, category) == enterprise);
  }
  for (const char* type : {"Customer", "Company"}) {
    for (const std::string& line : sim.DownloadLines(sim.AddId(std::string(R"("EntityType":")") + type + "\""))) {
      CHECK(s.chains.count(JsonString(line, "/ChainId")) == 1);
    }
  }
  CHECK(joined > 2000);
}

TEST_CASE("fact ids follow --reference-counts: with 1100 services, order items use services past 1000") {
  ServerOptions o = TestOptions();
  o.counts.fill(400);
  o.generator.ref_counts[static_cast<size_t>(RefType::kService)] = 1100;
  SimFixture sim(o);
  std::set<std::string> late;
  for (uint64_t i = 1000; i < 1100; ++i) late.insert(RefItemId(RefType::kService, i, 1));
  size_t in_late = 0;
  for (const std::string& line : sim.DownloadLines(sim.AddId(R"("EntityType":"OrderItem")"))) {
    in_late += late.count(JsonString(line, "/ServiceId"));
  }
  CHECK(in_late > 0);
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test
