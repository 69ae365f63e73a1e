// sync of the reference types end to end: the real mews-etl binary against a loopback fake of the
// reference */getAll operations (tests/extract/fake_reference.h) serving the documented examples
// (tests/fixtures/reference), into a SQLite file and PostgreSQL.
#include <doctest/doctest.h>
#include <simdjson.h>

#include "schemas/registry.h"
#include "tests/e2e/e2e_util.h"
#include "tests/extract/fake_reference.h"

namespace mews::test {
namespace {

// Operation -> collection and, for the operations that need them, the ids parameter.
struct Op {
  const char* op;
  const char* collection;
  const char* ids_parameter;
};
const Op kOps[] = {
    {"enterprises/getAll", "Enterprises", ""},
    {"services/getAll", "Services", ""},
    {"accountingCategories/getAll", "AccountingCategories", ""},
    {"resourceCategories/getAll", "ResourceCategories", "ServiceIds"},
    {"resourceCategoryAssignments/getAll", "ResourceCategoryAssignments", "ResourceCategoryIds"},
    {"resources/getAll", "Resources", ""},
    {"rates/getAll", "Rates", "ServiceIds"},
    {"rateGroups/getAll", "RateGroups", "ServiceIds"},
    {"businessSegments/getAll", "BusinessSegments", ""},
    {"sources/getAll", "Sources", ""},
    {"ageCategories/getAll", "AgeCategories", ""},
    {"products/getAll", "Products", "ServiceIds"},
};

// The records of a fixture file (a JSON array), one JSON text each.
std::vector<std::string> Fixture(const std::string& op) {
  const std::string path = std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/reference/" + op.substr(0, op.find('/')) + ".json";
  simdjson::dom::parser parser;
  simdjson::dom::array records;
  REQUIRE(parser.load(path).get_array().get(records) == simdjson::SUCCESS);
  std::vector<std::string> out;
  for (simdjson::dom::element e : records) out.push_back(simdjson::minify(e));
  return out;
}

struct Server {
  Server() {
    for (const Op& o : kOps) fake.Serve(o.op, o.collection, Fixture(o.op), o.ids_parameter);
  }
  std::map<std::string, std::string> Env() const {
    return {{"MEWS_API_URL", fake.url()}, {"MEWS_CLIENT_TOKEN", kClientToken}, {"MEWS_ACCESS_TOKEN", kAccessToken}};
  }
  std::vector<std::string> Ops() const {
    std::vector<std::string> out;
    for (const ReferenceRequest& r : fake.Requests()) out.push_back(r.op);
    return out;
  }
  FakeReference fake{kClientToken, kAccessToken};
};

std::vector<std::string> Args(const Target& target, const std::vector<std::string>& extra) {
  std::vector<std::string> out = {"sync"};
  for (const std::string& a : DbArgs(target)) out.push_back(a);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

ProcessResult MustSync(const Target& target, const Server& server, const std::vector<std::string>& extra) {
  ProcessResult r = Etl(Args(target, extra), server.Env());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

void MustSyncEnv(const Target& target, const std::map<std::string, std::string>& env,
                 const std::vector<std::string>& extra) {
  ProcessResult r = Etl(Args(target, extra), env);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

const char* kRestaurant = "fc79a518-bc69-45b8-93bd-83326201bd14";
const char* kAccommodation = "bd26d8db-86da-4f96-9efc-e5a4654a4a94";

}  // namespace

TEST_SUITE("e2e.reference") {

TEST_CASE("sync --reference-only loads every reference type, with names in the --language asked for") {
  for (const Target& target : AllTargets("e2e_ref_all")) {
    INFO(std::string(Label(target)));
    Server server;
    const std::string work = TempDir("e2e_ref");
    ProcessResult r = MustSync(target, server, {"--reference-only", "--language", "de-DE", "--summary-json",
                                                work + "/s.json"});
    auto db = Inspect(target);
    std::map<std::string, EntityFigures> summary = ReadSummary(work + "/s.json");
    for (const Op& o : kOps) {
      const std::string op = o.op;
      const MappingRegistry registry = MappingRegistry::Builtin().value();
      const EntityMapping* m = nullptr;
      for (const EntityMapping& e : registry.mappings()) {
        if (e.is_reference() && e.reference->operation == op) m = registry.Find(e.entity);
      }
      REQUIRE(m != nullptr);
      INFO(m->entity);
      const std::string count = std::to_string(Fixture(op).size());
      CHECK(db->Value("SELECT count(*) FROM " + m->root.name) == count);
      CHECK(summary[m->entity].status == "succeeded");
      CHECK(summary[m->entity].inserted == std::stoll(count));
      CHECK(LastRun(*db, m->entity) == std::vector<std::string>{"succeeded", ""});
    }
    CHECK(db->Value(std::string("SELECT name FROM services WHERE id = '") + kRestaurant + "'") == "Restaurant Zum Anker");
    CHECK(db->Value(std::string("SELECT name FROM services WHERE id = '") + kAccommodation + "'") == "Unterkunft");
    // Resource categories name only en-US: the enterprise's default language (en-US) is taken.
    CHECK(db->Value("SELECT name FROM resource_categories WHERE id = '5c0804f9-d03a-4b13-a57d-b00300781a41'") == "Bed 1");
    CHECK(summary.count("OrderItem") == 0);
    // The calls that need ids got those of the types read before them.
    for (const ReferenceRequest& q : server.fake.Requests()) {
      if (q.op == "rates/getAll" || q.op == "products/getAll") {
        CHECK(q.filter_ids == std::vector<std::string>{kRestaurant, kAccommodation});
      }
      if (q.op == "resourceCategoryAssignments/getAll") CHECK(q.filter_ids.size() == 2);
      CHECK(q.count == 1000);
    }
  }
}

TEST_CASE("a reference full snapshot marks removed rows and un-marks returning ones") {
  for (const Target& target : AllTargets("e2e_ref_snap")) {
    INFO(std::string(Label(target)));
    Server server;
    MustSync(target, server, {"--entity", "Service"});
    std::vector<std::string> one = Fixture("services/getAll");
    server.fake.Serve("services/getAll", "Services", {one[1]});
    const std::string work = TempDir("e2e_ref_snap");
    MustSync(target, server, {"--entity", "Service", "--summary-json", work + "/s2.json"});
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM services WHERE _deleted_at IS NOT NULL") == "1");
    CHECK(db->Value(std::string("SELECT count(*) FROM services WHERE _deleted_at IS NOT NULL AND id = '") +
                    kRestaurant + "'") == "1");
    CHECK(ReadSummary(work + "/s2.json")["Service"].deleted == 1);
    server.fake.Serve("services/getAll", "Services", one);
    MustSync(target, server, {"--entity", "Service", "--summary-json", work + "/s3.json"});
    CHECK(db->Value("SELECT count(*) FROM services WHERE _deleted_at IS NOT NULL") == "0");
    EntityFigures third = ReadSummary(work + "/s3.json")["Service"];
    CHECK(third.updated == 1);
    CHECK(third.unchanged == 1);
    CHECK(third.deleted == 0);
  }
}

TEST_CASE("sync --entity Service reads enterprises for the default language but loads services only") {
  for (const Target& target : AllTargets("e2e_ref_one")) {
    INFO(std::string(Label(target)));
    Server server;
    ProcessResult r = MustSync(target, server, {"--entity", "Service"});
    CHECK(server.Ops() == std::vector<std::string>{"enterprises/getAll", "services/getAll"});
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM services") == "2");
    CHECK(db->Value(std::string("SELECT name FROM services WHERE id = '") + kRestaurant + "'") == "Restaurant");
    CHECK(db->Value("SELECT count(*) FROM etl_runs WHERE entity = 'Enterprise'") == "0");
    ProcessResult status = Etl(StatusArgs(target));
    REQUIRE(status.exit_code == 0);
    CHECK(status.out.find(" Service                sync    succeeded") != std::string::npos);
  }
}

TEST_CASE("a failing reference call fails the run with one line, and the type's table is left as it was") {
  for (const Target& target : AllTargets("e2e_ref_fail")) {
    INFO(std::string(Label(target)));
    Server server;
    MustSync(target, server, {"--entity", "Service"});
    server.fake.RepeatFirstPage("services/getAll");
    server.fake.Serve("services/getAll", "Services", std::vector<std::string>(1000, Fixture("services/getAll")[0]));
    server.fake.RepeatFirstPage("services/getAll");
    ProcessResult r = Etl(Args(target, {"--entity", "Service"}), server.Env());
    CHECK(r.exit_code == 1);
    std::vector<std::string> errors = ErrorLines(r.err);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("Service: Mews services/getAll page 2 returned Cursor " + std::string(kRestaurant) +
                         " a second time") != std::string::npos);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM services WHERE _deleted_at IS NULL") == "2");
    CHECK(LastRun(*db, "Service")[0] == "failed");
  }
}

TEST_CASE("against mews-sim: a 429 waits its Retry-After, 1100 services go in two batches, a deleted item is marked") {
  for (const Target& target : AllTargets("e2e_ref_sim")) {
    INFO(std::string(Label(target)));
    Sim sim({"--count", "20", "--reference-counts", "Service=1100,Rate=60"});
    sim.Control("/_sim/faults", R"({"rules":[{"op":"services/getAll","status":429,"retry_after":"1","times":1}]})");
    const std::string work = TempDir("e2e_ref_sim");
    std::map<std::string, std::string> env = EtlEnv(sim);
    ProcessResult r = Etl(Args(target, {"--entity", "Rate", "--summary-json", work + "/s.json"}), env);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("Mews services/getAll: HTTP 429") != std::string::npos);
    CHECK(r.err.find("retrying in 1000 ms") != std::string::npos);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM rates") == "60");
    CHECK(ReadSummary(work + "/s.json")["Rate"].inserted == 60);
    int services = 0, rates = 0;
    for (const Sim::Request& q : sim.Requests()) {
      services += q.path == "/api/connector/v1/services/getAll" && q.status == 200;
      rates += q.path == "/api/connector/v1/rates/getAll" && q.status == 200;
    }
    CHECK(services == 2);  // 1000, then 100: a short page ends it
    CHECK(rates == 2);     // one per batch of ServiceIds
    sim.Control("/_sim/mutate", R"({"entity":"Rate","delete":[5]})");
    MustSyncEnv(target, env, {"--entity", "Rate"});
    CHECK(db->Value("SELECT count(*) FROM rates WHERE _deleted_at IS NOT NULL") == "1");
    sim.Control("/_sim/mutate", R"({"entity":"Rate","restore":[5]})");
    MustSyncEnv(target, env, {"--entity", "Rate"});
    CHECK(db->Value("SELECT count(*) FROM rates WHERE _deleted_at IS NOT NULL") == "0");
  }
}
}

}  // namespace mews::test
