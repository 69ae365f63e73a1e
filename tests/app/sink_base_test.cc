// What SinkBase (load/sink_base.h) guarantees every backend, shown on the in-memory sink: one open
// load per session, nothing after a load is over, rollback unless committed, and the commit
// sequence. The real backends run the load contract suite (tests/load) on top of the same base.
#include <doctest/doctest.h>

#include "schemas/registry.h"
#include "tests/app/memory_sink.h"

namespace mews::test {
namespace {

const EntityMapping& Mapping(const std::string& entity) {
  static const MappingRegistry* registry = [] {
    Result<MappingRegistry> r = MappingRegistry::Builtin();
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return new MappingRegistry(std::move(r.value()));
  }();
  return *registry->Find(entity);
}

struct Fixture {
  MemorySinkFactory factory;
  std::unique_ptr<Sink> sink = std::move(factory().value());
  const EntityMapping& m = Mapping("Customer");
  Fixture() { REQUIRE(sink->Migrate({&m, &Mapping("Payment")}).ok()); }
  std::unique_ptr<Load> Begin() {
    Result<std::unique_ptr<Load>> load = sink->Begin(m, LoadContext{});
    REQUIRE_MESSAGE(load.ok(), load.status().message());
    return std::move(load.value());
  }
};

}  // namespace

TEST_SUITE("app.sink_base") {

TEST_CASE("a session has one open load at a time") {
  Fixture f;
  auto load = f.Begin();
  CHECK(f.sink->Begin(f.m, LoadContext{}).status().code() == StatusCode::kInternal);
  REQUIRE(load->Rollback().ok());
  CHECK(f.sink->Begin(f.m, LoadContext{}).ok());
}

TEST_CASE("a dropped load is rolled back and its session can begin again") {
  Fixture f;
  f.Begin().reset();
  CHECK(f.factory.db->rollbacks == 1);
  CHECK(f.factory.db->commits == 0);
  CHECK(f.Begin()->Commit({}).ok());
  CHECK(f.factory.db->commits == 1);
  CHECK(f.factory.db->rollbacks == 1);  // a committed load is not rolled back when dropped
}

TEST_CASE("a load that is over refuses writes and commits") {
  Fixture f;
  auto load = f.Begin();
  REQUIRE(load->Commit({}).ok());
  RowBatch batch(&f.m);
  Status late = load->Write(batch);
  CHECK(late.code() == StatusCode::kInternal);
  CHECK(late.message() == "memory:: Write after the load ended");
  CHECK(load->AddReject(Reject{"f", 1, "r", "{}"}).code() == StatusCode::kInternal);
  CHECK(load->Commit({}).status().code() == StatusCode::kInternal);
  CHECK(load->Rollback().ok());
}

TEST_CASE("a batch of another mapping is refused") {
  Fixture f;
  auto load = f.Begin();
  RowBatch other(&Mapping("Payment"));
  CHECK(load->Write(other).code() == StatusCode::kInternal);
}

TEST_CASE("a failed commit rolls back, changes nothing and ends the load") {
  Fixture f;
  Result<std::unique_ptr<Sink>> state = f.factory();
  REQUIRE(state.ok());
  ExportRecord record;
  record.id = "e1";
  record.entity = "Customer";
  record.status = "Success";
  REQUIRE((*state)->SaveExport(record).ok());
  f.factory.db->fail_commit = Status::Database("memory: disk full");
  auto load = f.Begin();
  REQUIRE(load->AddReject(Reject{"f", 1, "r", "{}"}).ok());
  CommitOptions commit;
  commit.watermark = Watermark{"Customer", "updated_utc", "2024-01-01T00:00:00Z", "", ""};
  commit.loaded_export_id = "e1";
  Result<LoadCounts> counts = load->Commit(commit);
  CHECK(counts.status().code() == StatusCode::kDatabase);
  CHECK(f.factory.db->rollbacks == 1);
  CHECK(!(*state)->GetWatermark("Customer", "updated_utc")->has_value());
  CHECK((*state)->OpenExports("Customer")->size() == 1);
  CHECK(load->Commit(commit).status().code() == StatusCode::kInternal);

  auto again = f.Begin();
  REQUIRE(again->AddReject(Reject{"f", 1, "r", "{}"}).ok());
  counts = again->Commit(commit);
  REQUIRE(counts.ok());
  CHECK(counts->rejected == 1);
  CHECK((*state)->GetWatermark("Customer", "updated_utc")->value().value == "2024-01-01T00:00:00Z");
  CHECK((*state)->OpenExports("Customer")->empty());  // marked Loaded with the rows
}

TEST_CASE("closing the session rolls its open load back and ends it") {
  Fixture f;
  auto load = f.Begin();
  f.sink.reset();
  CHECK(f.factory.db->rollbacks == 1);
  RowBatch batch(&f.m);
  CHECK(load->Write(batch).code() == StatusCode::kInternal);
  CHECK(load->Rollback().ok());
}

}  // TEST_SUITE

}  // namespace mews::test
