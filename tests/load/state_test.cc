// Run state in the target database: etl_runs, etl_exports (ExportJournal), etl_watermarks, and the
// entity lock, for both sinks.
#include <doctest/doctest.h>

#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

ExportRecord Export(const std::string& id, const std::string& status, const std::string& created) {
  ExportRecord r;
  r.id = id;
  r.entity = "OrderItem";
  r.status = status;
  r.scope_json = "{\"EnterpriseIds\":[\"e1\"]}";
  r.filters_json = "null";
  r.window_start = "2024-01-01T00:00:00Z";
  r.window_end = "2024-06-29T00:00:00Z";
  r.full = false;
  r.file_count = 3;
  r.total_bytes = 123456789012;
  r.expires_utc = "2024-07-01T10:00:00.5Z";
  r.created_at = created;
  return r;
}

}  // namespace

TEST_SUITE("load.state") {

TEST_CASE("a run is recorded as running, then finished with its counts and error") {
  for (const Target& target : AllTargets("runs")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {});
    Result<int64_t> id = sink->StartRun("Payment", "sync");
    REQUIRE(id.ok());
    Result<std::vector<RunRecord>> runs = sink->RecentRuns(5);
    REQUIRE(runs.ok());
    REQUIRE(runs->size() == 1);
    CHECK(runs->front().status == "running");
    CHECK(runs->front().finished_at.empty());
    RunOutcome outcome;
    outcome.status = RunStatus::kFailed;
    outcome.counts.tables = {TableCounts{"payments", 4, 3, 2, 1}};
    outcome.counts.rejected = 5;
    outcome.export_id = "0a000000-0000-4000-8000-000000000009";
    outcome.error = "payments.jsonl:12: too many rejects";
    REQUIRE(sink->FinishRun(*id, outcome).ok());
    runs = sink->RecentRuns(5);
    REQUIRE(runs.ok());
    const RunRecord& r = runs->front();
    CHECK(r.id == *id);
    CHECK(r.entity == "Payment");
    CHECK(r.command == "sync");
    CHECK(r.status == "failed");
    CHECK(r.inserted == 4);
    CHECK(r.updated == 3);
    CHECK(r.unchanged == 2);
    CHECK(r.rejected == 5);
    CHECK(r.export_id == outcome.export_id);
    CHECK(r.error == outcome.error);
    CHECK(r.table_counts_json == "{\"payments\":{\"inserted\":4,\"updated\":3,\"unchanged\":2,\"deleted\":1}}");
    CHECK(r.finished_at.size() >= 20);
    CHECK(r.finished_at.back() == 'Z');
  }
}

TEST_CASE("export records are kept and a committed load marks its export Loaded") {
  for (const Target& target : AllTargets("exports")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    const ExportRecord a = Export("0a000000-0000-4000-8000-00000000000a", "Pending", "2024-01-01T00:00:00Z");
    const ExportRecord b = Export("0a000000-0000-4000-8000-00000000000b", "Success", "2024-01-02T00:00:00.25Z");
    REQUIRE(sink->SaveExport(a).ok());
    REQUIRE(sink->SaveExport(b).ok());
    Result<std::vector<ExportRecord>> open = sink->OpenExports("OrderItem");
    REQUIRE(open.ok());
    REQUIRE(open->size() == 2);
    const ExportRecord& got = open->front();  // newest first
    CHECK(got.id == b.id);
    CHECK(got.status == "Success");
    CHECK(got.scope_json == b.scope_json);
    CHECK(got.filters_json == "null");
    CHECK(got.window_start == b.window_start);
    CHECK(got.window_end == b.window_end);
    CHECK(got.file_count == 3);
    CHECK(got.total_bytes == 123456789012);
    CHECK(got.expires_utc == "2024-07-01T10:00:00.5Z");
    CHECK(got.created_at == "2024-01-02T00:00:00.25Z");
    CHECK(sink->OpenExports("Payment")->empty());

    auto rows = MakeBatch(m, 0, 3);
    auto load = MustBegin(sink.get(), m, LoadContext{0, b.id, true});
    REQUIRE(load->Write(*rows).ok());
    Status beside = sink->SaveExport(Export("0a000000-0000-4000-8000-00000000000c", "Pending", "2024-01-03T00:00:00Z"));
    if (target.pg()) CHECK(beside.ok());  // a second connection commits it at once
    else CHECK(beside.code() == StatusCode::kInternal);
    CommitOptions commit;
    commit.loaded_export_id = b.id;
    REQUIRE(load->Commit(commit).ok());
    Result<std::vector<ExportRecord>> left = sink->ListOpenExports();
    REQUIRE(left.ok());
    REQUIRE(left->size() == (target.pg() ? 2u : 1u));
    CHECK(left->back().id == a.id);
  }
}

TEST_CASE("a watermark moves with the load's commit and not with its rollback") {
  for (const Target& target : AllTargets("watermarks")) {
    INFO(std::string(Label(target)));
    auto sink = MustOpen(target);
    const EntityMapping& m = Mapping("OrderItem");
    MustMigrate(sink.get(), {&m});
    CHECK(!sink->GetWatermark("OrderItem", "updated_utc")->has_value());
    CommitOptions commit;
    commit.watermark = Watermark{"OrderItem", "updated_utc", "2024-05-01T00:00:00Z", "", ""};
    REQUIRE(MustBegin(sink.get(), m)->Commit(commit).ok());
    commit.watermark->value = "2024-06-01T00:00:00Z";
    REQUIRE(MustBegin(sink.get(), m)->Rollback().ok());
    Result<std::optional<Watermark>> w = sink->GetWatermark("OrderItem", "updated_utc");
    REQUIRE(w.ok());
    REQUIRE(w->has_value());
    CHECK((*w)->value == "2024-05-01T00:00:00Z");
    REQUIRE(sink->SetWatermark(Watermark{"LedgerEntry", "posting", "2024-02-29", "", ""}).ok());
    Result<std::vector<Watermark>> all = sink->ListWatermarks();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->front().entity == "LedgerEntry");
    CHECK(all->front().value == "2024-02-29");
    CHECK(all->front().updated_at.back() == 'Z');
  }
}

TEST_CASE("an entity lock keeps a second sink out until it is released") {
  for (const Target& target : AllTargets("locks")) {
    INFO(std::string(Label(target)));
    auto first = MustOpen(target);
    auto second = MustOpen(target);
    REQUIRE(first->LockEntity("OrderItem", LockMode::kFailFast).ok());
    Status busy = second->LockEntity("OrderItem", LockMode::kFailFast);
    CHECK(busy.code() == StatusCode::kUnavailable);
    CHECK(busy.message().find("OrderItem") != std::string::npos);
    CHECK(second->LockEntity("Payment", LockMode::kFailFast).ok());
    REQUIRE(first->UnlockEntity("OrderItem").ok());
    CHECK(second->LockEntity("OrderItem", LockMode::kWait).ok());
    first.reset();
    second.reset();
    auto third = MustOpen(target);  // released when the sink holding it goes away
    CHECK(third->LockEntity("OrderItem", LockMode::kFailFast).ok());
  }
}

}  // TEST_SUITE
}  // namespace mews::test
