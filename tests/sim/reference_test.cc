// mews-sim's reference */getAll operations over real HTTP on loopback: paging, 400s, filters,
// the request log and fault rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "tests/sim/reference_test_util.h"
#include "tools/mews-sim/ref_data.h"

namespace mews::sim::test {
namespace {

TEST_SUITE("sim.reference") {

TEST_CASE("services/getAll pages in a stable order; the last page is short or empty") {
  for (uint64_t services : {25u, 20u}) {
    CAPTURE(services);
    ServerOptions o = TestOptions();
    o.generator.ref_counts[static_cast<size_t>(RefType::kService)] = services;
    SimFixture sim(o);
    Paged all = PageAll(sim, "services/getAll", "", 10);
    std::vector<size_t> expected_sizes = services == 25 ? std::vector<size_t>{10, 10, 5}
                                                        : std::vector<size_t>{10, 10, 0};
    CHECK(all.page_sizes == expected_sizes);
    REQUIRE(all.ids.size() == services);
    for (uint64_t i = 0; i < services; ++i) CHECK(all.ids[i] == RefItemId(RefType::kService, i, 1));
    CHECK(std::set<std::string>(all.ids.begin(), all.ids.end()).size() == services);
    CHECK(PageAll(sim, "services/getAll", "", 1000).ids == all.ids);  // the same order
  }
}

TEST_CASE("a page's Cursor is its last item's id, null for an empty page") {
  SimFixture sim;
  httplib::Result first = RefPost(sim, "services/getAll", R"("Limitation":{"Count":2})");
  REQUIRE(first->status == 200);
  std::vector<std::string> ids = Ids(first->body, "Services");
  REQUIRE(ids.size() == 2);
  CHECK(JsonString(first->body, "/Cursor") == ids[1]);
  httplib::Result past = RefPost(sim, "services/getAll",
      R"("Limitation":{"Count":5,"Cursor":")" + RefItemId(RefType::kService, 8, 1) + "\"}");
  REQUIRE(past->status == 200);
  CHECK(Ids(past->body, "Services").empty());
  CHECK(past->body.find(R"("Cursor":null)") != std::string::npos);
}

TEST_CASE("paged calls answer 400 for a missing or invalid Limitation, 401 for wrong tokens") {
  SimFixture sim;
  auto status = [&](const std::string& fields) { return RefPost(sim, "services/getAll", fields)->status; };
  CHECK(status(R"("ServiceIds":null)") == 400);
  CHECK(status(R"("Limitation":{})") == 400);
  CHECK(status(R"("Limitation":{"Count":0})") == 400);
  CHECK(status(R"("Limitation":{"Count":1001})") == 400);
  CHECK(status(R"("Limitation":{"Count":"10"})") == 400);
  CHECK(status(R"("Limitation":{"Count":1000})") == 200);
  CHECK(status(R"("Limitation":{"Count":1,"Cursor":"nope"})") == 400);
  CHECK(status(R"("Limitation":{"Count":1,"Cursor":"00000000-0000-4000-8000-000000000000"})") == 400);
  CHECK(status(R"("Limitation":{"Count":1,"Offset":3})") == 400);
  CHECK(status(R"("Limitation":{"Count":1},"Colour":"red")") == 400);
  CHECK(status(R"("Limitation":{"Count":1},"ServiceIds":["x"])") == 400);
  httplib::Result wrong = sim.Post("/api/connector/v1/services/getAll",
      R"({"ClientToken":"sim-client-token","AccessToken":"other","Client":"t","Limitation":{"Count":1}})");
  CHECK(wrong->status == 401);
  httplib::Result missing = RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":1001})");
  CHECK(JsonString(missing->body, "/Message") == "Invalid Limitation.Count: a number from 1 to 1000 is required.");
}

TEST_CASE("the request log gives each call's path and Limitation as sent") {
  SimFixture sim;
  RefPost(sim, "services/getAll", R"("Limitation":{"Count":3})");
  RefPost(sim, "services/getAll",
          R"("Limitation":{"Cursor":")" + RefItemId(RefType::kService, 2, 1) + R"(","Count":3})");
  RefPost(sim, "enterprises/getAll", R"("Limitation":{"Count":1001})");
  std::vector<std::string> services = LogLines(sim, "/api/connector/v1/services/getAll");
  REQUIRE(services.size() == 2);
  CHECK(services[0].find(R"("Limitation":{"Count":3})") != std::string::npos);
  CHECK(services[1].find(R"("Limitation":{"Cursor":")" + RefItemId(RefType::kService, 2, 1) +
                         R"(","Count":3})") != std::string::npos);
  std::vector<std::string> enterprises = LogLines(sim, "/api/connector/v1/enterprises/getAll");
  REQUIRE(enterprises.size() == 1);
  CHECK(enterprises[0].find(R"("status":400,"Limitation":{"Count":1001})") != std::string::npos);
}

TEST_CASE("enterprises/getAll: the data set's enterprises, the ids fact records carry") {
  SimFixture sim;
  httplib::Result r = RefPost(sim, "enterprises/getAll", R"("Limitation":{"Count":100})");
  REQUIRE(r->status == 200);
  std::vector<std::string> ids = Ids(r->body, "Enterprises");
  REQUIRE(ids.size() == kScopeCount);
  for (uint32_t i = 0; i < kScopeCount; ++i) CHECK(ids[i] == ScopeId(Entity::kOrderItem, i, 1));
  CHECK(JsonString(r->body, "/Enterprises/0/DefaultLanguageCode") == "en-US");
  CHECK(JsonString(r->body, "/Enterprises/1/DefaultLanguageCode") == "de-DE");
  CHECK(JsonString(r->body, "/Enterprises/2/DefaultLanguageCode") == "cs-CZ");
  CHECK(JsonString(r->body, "/Enterprises/2/ChainId") == ScopeId(Entity::kCustomer, 2, 1));
  httplib::Result one = RefPost(sim, "enterprises/getAll",
      R"("Limitation":{"Count":100},"EnterpriseIds":[")" + ids[1] + "\"]");
  CHECK(Ids(one->body, "Enterprises") == std::vector<std::string>{ids[1]});
}

TEST_CASE("services carry localized Names; the bookable one per enterprise comes first") {
  SimFixture sim;
  httplib::Result r = RefPost(sim, "services/getAll", R"("Limitation":{"Count":100})");
  REQUIRE(r->status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::element doc = parser.parse(r->body);
  size_t i = 0, with_names = 0;
  for (simdjson::dom::element s : doc["Services"].get_array()) {
    CAPTURE(i);
    std::string_view discriminator = s["Data"]["Discriminator"].get_string().value();
    CHECK(discriminator == (i < kScopeCount ? "Bookable" : "Additional"));
    CHECK(std::string(s["EnterpriseId"].get_string().value()) == ScopeId(Entity::kOrderItem, i % kScopeCount, 1));
    simdjson::dom::object names = s["Names"].get_object();
    with_names += names.size() > 0 ? 1 : 0;
    for (auto field : names) {
      CHECK((field.key == "en-US" || field.key == "de-DE" || field.key == "cs-CZ"));
    }
    ++i;
  }
  CHECK(with_names == i);
  CHECK(i == DefaultRefCounts()[static_cast<size_t>(RefType::kService)]);
}

TEST_CASE("accounting categories filter by EnterpriseIds, ids and ActivityStates") {
  SimFixture sim;
  std::string all_body = RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":1000})")->body;
  std::vector<std::string> all = Ids(all_body, "AccountingCategories");
  CHECK(all.size() == DefaultRefCounts()[static_cast<size_t>(RefType::kAccountingCategory)]);
  std::string enterprise = ScopeId(Entity::kOrderItem, 1, 1);
  std::vector<std::string> of_one = Ids(RefPost(sim, "accountingCategories/getAll",
      R"("Limitation":{"Count":1000},"EnterpriseIds":[")" + enterprise + "\"]")->body, "AccountingCategories");
  CHECK(of_one.size() == all.size() / 3);
  std::vector<std::string> active = Ids(RefPost(sim, "accountingCategories/getAll",
      R"("Limitation":{"Count":1000},"ActivityStates":["Active"])")->body, "AccountingCategories");
  std::vector<std::string> deleted = Ids(RefPost(sim, "accountingCategories/getAll",
      R"("Limitation":{"Count":1000},"ActivityStates":["Deleted"])")->body, "AccountingCategories");
  CHECK(!deleted.empty());
  CHECK(active.size() + deleted.size() == all.size());
  std::vector<std::string> picked = Ids(RefPost(sim, "accountingCategories/getAll",
      R"("Limitation":{"Count":1000},"AccountingCategoryIds":[")" + all[4] + R"(",")" + all[0] + "\"]")->body,
      "AccountingCategories");
  CHECK(picked == std::vector<std::string>{all[0], all[4]});
  CHECK(RefPost(sim, "accountingCategories/getAll",
                R"("Limitation":{"Count":1},"ActivityStates":["Gone"])")->status == 400);
}

TEST_CASE("fault rules take a reference operation as op") {
  SimFixture sim;
  REQUIRE(sim.Post("/_sim/faults",
                   R"({"rules":[{"op":"services/getAll","status":429,"retry_after":"2","times":1}]})")
              ->status == 200);
  httplib::Result limited = RefPost(sim, "services/getAll", R"("Limitation":{"Count":1})");
  CHECK(limited->status == 429);
  CHECK(limited->get_header_value("Retry-After") == "2");
  CHECK(RefPost(sim, "services/getAll", R"("Limitation":{"Count":1})")->status == 200);
  CHECK(RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":1})")->status == 200);
  CHECK(sim.Post("/_sim/faults", R"({"rules":[{"op":"nothing/getAll","status":500}]})")->status == 400);
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test

namespace mews::sim::test {
namespace {

TEST_SUITE("sim.reference") {

TEST_CASE("/_sim/mutate updates, deletes, restores and resizes reference types") {
  SimFixture sim;
  std::vector<std::string> before = PageAll(sim, "services/getAll", "", 1000).ids;
  REQUIRE(sim.Post("/_sim/mutate", R"({"entity":"Service","delete":[2,4]})")->status == 200);
  std::vector<std::string> after = PageAll(sim, "services/getAll", "", 1000).ids;
  CHECK(after.size() == before.size() - 2);
  CHECK(std::find(after.begin(), after.end(), before[2]) == after.end());
  REQUIRE(sim.Post("/_sim/mutate", R"({"entity":"Service","restore":[2],"update":[1],)"
                                   R"("updated_utc":"2026-11-28T12:00:00.123456Z"})")->status == 200);
  after = PageAll(sim, "services/getAll", "", 1000).ids;
  CHECK(after.size() == before.size() - 1);
  httplib::Result edited = RefPost(sim, "services/getAll", R"("Limitation":{"Count":10},"UpdatedUtc":)"
      R"({"StartUtc":"2026-11-28T12:00:00.123456Z","EndUtc":"2026-11-28T12:00:00.123456Z"})");
  REQUIRE(Ids(edited->body, "Services") == std::vector<std::string>{before[1]});
  CHECK(JsonString(edited->body, "/Services/0/UpdatedUtc") == "2026-11-28T12:00:00.123456Z");
  CHECK(JsonString(edited->body, "/Services/0/Name") == "Accommodation (rev 1)");
  REQUIRE(sim.Post("/_sim/mutate", R"({"entity":"Rate","count":3})")->status == 200);
  std::string services = "[\"" + RefItemId(RefType::kService, 0, 1) + "\",\"" +
                         RefItemId(RefType::kService, 1, 1) + "\",\"" + RefItemId(RefType::kService, 2, 1) + "\"]";
  CHECK(PageAll(sim, "rates/getAll", "\"ServiceIds\":" + services, 100).ids.size() == 3);
  CHECK(sim.Post("/_sim/mutate", R"({"entity":"Rate","delete":[3]})")->status == 400);
  CHECK(sim.Post("/_sim/mutate", R"({"entity":"Hotel","delete":[0]})")->status == 400);
}

TEST_CASE("fault rules apply to taxations/getAll and paged reference calls alike") {
  SimFixture sim;
  REQUIRE(sim.Post("/_sim/faults", R"({"rules":[{"op":"taxations/getAll","status":503,"times":1},)"
                                   R"({"op":"resources/getAll","status":408,"after_processing":true,"times":1}]})")
              ->status == 200);
  CHECK(RefPost(sim, "taxations/getAll", "")->status == 503);
  CHECK(RefPost(sim, "taxations/getAll", "")->status == 200);
  std::string resources = R"("Limitation":{"Count":5},"Extent":{"Resources":true})";
  CHECK(RefPost(sim, "resources/getAll", resources)->status == 408);
  CHECK(RefPost(sim, "resources/getAll", resources)->status == 200);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/resources/getAll");
  REQUIRE(log.size() == 2);
  CHECK(JsonString(log[0], "/fault") == "status 408");
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test

namespace mews::sim::test {
namespace {

TEST_SUITE("sim.reference") {

TEST_CASE("faults can make a paged call repeat its cursor or overfill its page") {
  SimFixture sim;
  std::string first = RefPost(sim, "services/getAll", R"("Limitation":{"Count":2})")->body;
  REQUIRE(sim.Post("/_sim/faults", R"({"rules":[{"op":"services/getAll","ignore_cursor":true,"times":1},)"
                                   R"({"op":"accountingCategories/getAll","overfill":1,"times":1}]})")->status == 200);
  httplib::Result again = RefPost(sim, "services/getAll",
      R"("Limitation":{"Count":2,"Cursor":")" + JsonString(first, "/Cursor") + "\"}");
  REQUIRE(again->status == 200);
  CHECK(JsonString(again->body, "/Cursor") == JsonString(first, "/Cursor"));  // the same page again
  CHECK(Ids(RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":5})")->body,
            "AccountingCategories").size() == 6);
  CHECK(Ids(RefPost(sim, "accountingCategories/getAll", R"("Limitation":{"Count":5})")->body,
            "AccountingCategories").size() == 5);
  std::vector<std::string> log = LogLines(sim, "/api/connector/v1/services/getAll");
  REQUIRE(log.size() == 2);
  CHECK(JsonString(log[1], "/fault") == "ignore cursor");
  CHECK(sim.Post("/_sim/faults", R"({"rules":[{"op":"rates/getAll","overfill":-1}]})")->status == 400);
}

TEST_CASE("rate groups are named without cs-CZ; other types carry it on most items") {
  SimFixture sim;
  std::string services;
  for (uint64_t i = 0; i < 9; ++i) services += (i ? ",\"" : "\"") + RefItemId(RefType::kService, i, 1) + "\"";
  std::string groups = RefPost(sim, "rateGroups/getAll", R"("Limitation":{"Count":100},"ServiceIds":[)" + services + "]")->body;
  CHECK(Ids(groups, "RateGroups").size() == 9);
  CHECK(groups.find("cs-CZ") == std::string::npos);
  CHECK(groups.find("de-DE") != std::string::npos);
  std::string rates = RefPost(sim, "rates/getAll", R"("Limitation":{"Count":100},"ServiceIds":[)" + services + "]")->body;
  CHECK(rates.find("\"cs-CZ\"") != std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace mews::sim::test
