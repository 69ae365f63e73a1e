// Connections in the load contract (issue 11), against a SQLite file and the real PostgreSQL: the
// _connection lineage column, full snapshots scoped to their connection, run state per connection,
// etl_connections, and entity locks per (connection, entity).
#include <doctest/doctest.h>

#include <chrono>
#include <future>

#include "load/ddl.h"
#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

std::string Count(Inspector& db, const std::string& from_where) { return db.Value("SELECT count(*) FROM " + from_where); }

LoadContext Of(const std::string& connection, bool full = false) {
  LoadContext c;
  c.connection = connection;
  c.full_snapshot = full;
  return c;
}

std::unique_ptr<Sink> OpenAs(Target target, const std::string& connection) {
  target.options.connection = connection;
  return MustOpen(target);
}

std::string In(uint64_t first, uint64_t count) {
  std::string out;
  for (uint64_t i = first; i < first + count; ++i) out += (out.empty() ? "(" : ", ") + SqlLiteral(RecordId(i));
  return out + ")";
}

}  // namespace

TEST_SUITE("load.contract") {

TEST_CASE("the same id from two connections is one row: the newer UpdatedUtc wins, _connection follows the written row") {
  for (const Target& target : AllTargets("conn_same_id")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("Customer");
    MustMigrate(sink.get(), {&m});
    auto v1 = MakeBatch(m, 0, 10, GenOptions{1, false, 2});
    auto v2 = MakeBatch(m, 0, 4, GenOptions{2, false, 2});
    auto v3 = MakeBatch(m, 0, 2, GenOptions{3, false, 2});
    CHECK(MustLoad(sink.get(), m, {v1.get()}, Of("prague")).root().inserted == 10);
    LoadCounts newer = MustLoad(sink.get(), m, {v2.get()}, Of("vienna"));
    CHECK(newer.root().inserted == 0);
    CHECK(newer.root().updated == 4);
    auto db = Inspect(target);
    CHECK(Count(*db, "customers") == "10");
    CHECK(Count(*db, "customers WHERE _connection = 'vienna' AND id IN " + In(0, 4)) == "4");
    CHECK(Count(*db, "customers WHERE _connection = 'prague'") == "6");
    const std::string after_v2 = db->Dump("customers", "id");
    LoadCounts older = MustLoad(sink.get(), m, {v1.get()}, Of("prague"));  // an older copy never wins
    CHECK(older.root().updated == 0);
    CHECK(older.root().unchanged == 10);
    CHECK(db->Dump("customers", "id") == after_v2);
    LoadCounts same = MustLoad(sink.get(), m, {v2.get()}, Of("prague"));  // same content: not rewritten
    CHECK(same.root().unchanged == 4);
    CHECK(Count(*db, "customers WHERE _connection = 'vienna'") == "4");
    MustLoad(sink.get(), m, {v3.get()}, Of("prague"));
    CHECK(Count(*db, "customers WHERE _connection = 'prague' AND id IN " + In(0, 2)) == "2");
    CHECK(Count(*db, "customers WHERE _connection = 'vienna'") == "2");
  }
}

TEST_CASE("a full snapshot marks deleted only rows whose _connection is the loading connection") {
  for (const Target& target : AllTargets("conn_snapshot")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("Customer");
    MustMigrate(sink.get(), {&m});
    auto a = MakeBatch(m, 0, 10), b = MakeBatch(m, 10, 10), b_half = MakeBatch(m, 10, 5);
    MustLoad(sink.get(), m, {a.get()}, Of("a"));
    MustLoad(sink.get(), m, {b.get()}, Of("b"));
    LoadCounts full = MustLoad(sink.get(), m, {b_half.get()}, Of("b", true));
    CHECK(full.root().deleted == 5);
    auto db = Inspect(target);
    CHECK(Count(*db, "customers WHERE _deleted_at IS NOT NULL") == "5");
    CHECK(Count(*db, "customers WHERE _deleted_at IS NOT NULL AND id IN " + In(15, 5)) == "5");
    LoadCounts empty_a = MustLoad(sink.get(), m, {b_half.get()}, Of("c", true));  // a connection with no rows
    CHECK(empty_a.root().deleted == 0);
    CHECK(Count(*db, "customers WHERE _deleted_at IS NULL AND _connection = 'a'") == "10");
  }
}

TEST_CASE("run state is kept per connection: runs, exports, watermarks") {
  for (const Target& target : AllTargets("conn_state")) {
    INFO(std::string(Label(target)));
    auto a = OpenAs(target, "a"), b = OpenAs(target, "b");
    MustMigrate(a.get(), {});
    Result<int64_t> ra = a->StartRun("Customer", "sync"), rb = b->StartRun("Customer", "sync");
    REQUIRE(ra.ok());
    REQUIRE(rb.ok());
    Result<std::vector<RunRecord>> runs = a->RecentRuns(10);
    REQUIRE(runs.ok());
    REQUIRE(runs->size() == 2);
    CHECK((*runs)[0].connection == "b");
    CHECK((*runs)[1].connection == "a");
    REQUIRE(a->SetWatermark(Watermark{"Customer", "updated_utc", "2024-01-01T00:00:00Z", "", ""}).ok());
    REQUIRE(b->SetWatermark(Watermark{"Customer", "updated_utc", "2025-01-01T00:00:00Z", "", ""}).ok());
    Result<std::optional<Watermark>> wa = a->GetWatermark("Customer", "updated_utc");
    Result<std::optional<Watermark>> wb = b->GetWatermark("Customer", "updated_utc");
    REQUIRE((wa.ok() && wa->has_value() && wb.ok() && wb->has_value()));
    CHECK((*wa)->value == "2024-01-01T00:00:00Z");
    CHECK((*wb)->value == "2025-01-01T00:00:00Z");
    CHECK_FALSE(OpenAs(target, "c")->GetWatermark("Customer", "updated_utc")->has_value());
    Result<std::vector<Watermark>> marks = b->ListWatermarks();
    REQUIRE(marks.ok());
    REQUIRE(marks->size() == 2);
    CHECK((*marks)[0].connection == "a");
    ExportRecord e;
    e.id = "0b000000-0000-4000-8000-000000000001";
    e.entity = "Customer";
    e.status = "Pending";
    e.full = true;
    REQUIRE(a->SaveExport(e).ok());
    CHECK(a->OpenExports("Customer")->size() == 1);
    CHECK(b->OpenExports("Customer")->empty());  // B never resumes A's export
    Result<std::vector<ExportRecord>> open = b->ListOpenExports();
    REQUIRE(open.ok());
    REQUIRE(open->size() == 1);
    CHECK((*open)[0].connection == "a");
  }
}

TEST_CASE("etl_connections: first use, match, mismatch changes nothing, rebind") {
  for (const Target& target : AllTargets("conn_claim")) {
    INFO(std::string(Label(target)));
    auto a = OpenAs(target, "a");
    MustMigrate(a.get(), {});
    CHECK(a->ClaimConnection("f1", "api.mews.com", false, false).value() == ClaimOutcome::kFirstUse);
    CHECK(a->ListConnections()->empty());  // a check writes nothing
    CHECK(a->ClaimConnection("f1", "api.mews.com", false, true).value() == ClaimOutcome::kFirstUse);
    CHECK(a->ClaimConnection("f1", "api.mews.com", false, true).value() == ClaimOutcome::kMatched);
    CHECK(a->ClaimConnection("f2", "api.mews.com", false, true).value() == ClaimOutcome::kMismatch);
    Result<std::vector<ConnectionRecord>> rows = a->ListConnections();
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 1);
    CHECK((*rows)[0].fingerprint == "f1");
    CHECK(OpenAs(target, "b")->ClaimConnection("f2", "h", false, true).value() == ClaimOutcome::kFirstUse);
    CHECK(a->ClaimConnection("f2", "api.mews.com", true, true).value() == ClaimOutcome::kRebound);
    CHECK(a->ClaimConnection("f2", "api.mews.com", false, false).value() == ClaimOutcome::kMatched);
    CHECK(a->ListConnections()->size() == 2);
  }
}

TEST_CASE("entity locks are per (connection, entity), and SQLite's second load waits for the first commit") {
  for (const Target& target : AllTargets("conn_locks")) {
    INFO(std::string(Label(target)));
    auto a = OpenAs(target, "a"), b = OpenAs(target, "b"), a2 = OpenAs(target, "a");
    const EntityMapping& m = Mapping("Customer");
    MustMigrate(a.get(), {&m});
    REQUIRE(a->LockEntity("Customer", LockMode::kFailFast).ok());
    CHECK(b->LockEntity("Customer", LockMode::kFailFast).ok());
    CHECK(a2->LockEntity("Customer", LockMode::kFailFast).code() == StatusCode::kUnavailable);
    // Not empty: a first load into empty PostgreSQL tables holds them to its commit (pg_direct.cc).
    auto first = MakeBatch(m, 100, 1);
    MustLoad(a.get(), m, {first.get()}, Of("a"));
    auto rows_a = MakeBatch(m, 0, 20), rows_b = MakeBatch(m, 20, 20);
    auto load_a = MustBegin(a.get(), m, Of("a"));
    REQUIRE(load_a->Write(*rows_a).ok());
    std::future<Status> second = std::async(std::launch::async, [&] {
      Result<std::unique_ptr<Load>> load_b = b->Begin(m, Of("b"));
      if (!load_b.ok()) return load_b.status();
      Status s = (*load_b)->Write(*rows_b);
      if (s.ok()) s = (*load_b)->Commit({}).status();
      return s;
    });
    const bool waited = second.wait_for(std::chrono::milliseconds(500)) == std::future_status::timeout;
    CHECK(waited == !target.pg());  // PostgreSQL loads both at once (their rows differ)
    REQUIRE(load_a->Commit({}).ok());
    Status s = second.get();
    CHECK_MESSAGE(s.ok(), s.message());
    CHECK(Count(*Inspect(target), "customers") == "41");
  }
}

TEST_CASE("PostgreSQL: another connection's load waits for a first load into empty tables, then merges") {
  for (const Target& target : AllTargets("conn_direct")) {
    if (!target.pg()) continue;
    auto a = OpenAs(target, "a"), b = OpenAs(target, "b");
    const EntityMapping& m = Mapping("Customer");
    MustMigrate(a.get(), {&m});
    REQUIRE(a->LockEntity("Customer", LockMode::kFailFast).ok());
    REQUIRE(b->LockEntity("Customer", LockMode::kFailFast).ok());
    auto rows_a = MakeBatch(m, 0, 20), rows_b = MakeBatch(m, 10, 20, GenOptions{2, false, 2});
    auto load_a = MustBegin(a.get(), m, Of("a"));
    REQUIRE(load_a->Write(*rows_a).ok());
    std::future<Result<LoadCounts>> second = std::async(std::launch::async, [&]() -> Result<LoadCounts> {
      Result<std::unique_ptr<Load>> load_b = b->Begin(m, Of("b"));
      if (!load_b.ok()) return load_b.status();
      MEWS_RETURN_IF_ERROR((*load_b)->Write(*rows_b));
      return (*load_b)->Commit({});
    });
    CHECK(second.wait_for(std::chrono::milliseconds(500)) == std::future_status::timeout);
    Result<LoadCounts> ca = load_a->Commit({});
    REQUIRE(ca.ok());
    CHECK(ca->root().inserted == 20);
    Result<LoadCounts> cb = second.get();
    REQUIRE_MESSAGE(cb.ok(), cb.status().message());
    CHECK(cb->root().inserted == 10);  // ids 20..29
    CHECK(cb->root().updated == 10);   // ids 10..19, newer
    auto db = Inspect(target);
    CHECK(Count(*db, "customers") == "30");
    CHECK(Count(*db, "customers WHERE _connection = 'b'") == "20");
  }
}

}  // TEST_SUITE

}  // namespace mews::test
