#include <doctest/doctest.h>

#include "app/sync_plan.h"
#include "schemas/registry.h"

using namespace mews;

namespace {
const Micros kNow = *ParseTimestamp("2026-11-29T12:00:00Z");

SyncPlan Plan(const std::string& entity, const SyncRequest& r, std::optional<std::string> wm) {
  Result<SyncPlan> p = PlanSync(entity, BuiltinExportFilter(entity), r, wm, kNow);
  REQUIRE(p.ok());
  return *p;
}
std::string PlanError(const std::string& entity, const SyncRequest& r, std::optional<std::string> wm) {
  Result<SyncPlan> p = PlanSync(entity, BuiltinExportFilter(entity), r, wm, kNow);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == StatusCode::kInvalidArgument);
  return p.status().message();
}
}  // namespace

TEST_SUITE("app.sync_plan") {
  TEST_CASE("the first sync of a type asks for a full export and takes its watermark from the data") {
    SyncPlan p = Plan("Customer", {}, std::nullopt);
    REQUIRE(p.windows.size() == 1);
    CHECK(p.windows[0].full);
    CHECK(p.windows[0].watermark_from_data);
    CHECK_FALSE(p.mark_deleted);
  }

  TEST_CASE("later syncs ask for the watermark to now minus 5 minutes") {
    SyncPlan p = Plan("Customer", {}, "2026-11-28T10:00:00Z");
    REQUIRE(p.windows.size() == 1);
    CHECK(p.windows[0].start == "2026-11-28T10:00:00Z");
    CHECK(p.windows[0].end == "2026-11-29T11:55:00Z");
    CHECK(p.windows[0].watermark_after == std::optional<std::string>("2026-11-29T11:55:00Z"));
  }

  TEST_CASE("long gaps are split into windows of at most 180 days that chain end to start") {
    SyncPlan p = Plan("Payment", {}, "2025-07-01T00:00:00Z");
    REQUIRE(p.windows.size() == 3);
    CHECK(p.windows[0].end == "2025-12-28T00:00:00Z");
    CHECK(p.windows[1].start == p.windows[0].end);
    CHECK(p.windows[2].start == p.windows[1].end);
    CHECK(p.windows[2].end == "2026-11-29T11:55:00Z");
    for (const ExportWindow& w : p.windows) CHECK(w.watermark_after == w.end);
  }

  TEST_CASE("a watermark within the last 5 minutes means nothing to do") {
    CHECK(Plan("Payment", {}, "2026-11-29T11:58:00Z").windows.empty());
  }

  TEST_CASE("--full forces a full export that marks deletions") {
    SyncRequest r;
    r.full = true;
    SyncPlan p = Plan("Reservation", r, "2026-11-28T10:00:00Z");
    REQUIRE(p.windows.size() == 1);
    CHECK(p.windows[0].full);
    CHECK(p.mark_deleted);
  }

  TEST_CASE("a backfill never moves the watermark backwards or over a gap") {
    SyncRequest r;
    r.since = "2024-01-01T00:00:00Z";
    r.until = "2024-02-01T00:00:00Z";
    SyncPlan old = Plan("OrderItem", r, "2026-11-28T10:00:00Z");
    REQUIRE(old.windows.size() == 1);
    CHECK_FALSE(old.windows[0].watermark_after.has_value());
    SyncPlan gap = Plan("OrderItem", r, "2023-06-01T00:00:00Z");
    CHECK_FALSE(gap.windows[0].watermark_after.has_value());
    SyncPlan overlapping = Plan("OrderItem", r, "2024-01-15T00:00:00Z");
    CHECK(overlapping.windows[0].watermark_after == std::optional<std::string>("2024-02-01T00:00:00Z"));
    SyncPlan none = Plan("OrderItem", r, std::nullopt);
    CHECK_FALSE(none.windows[0].watermark_after.has_value());
  }

  TEST_CASE("a backfill's bounds may carry an offset (+hh:mm or +hhmm) and its windows are canonical UTC") {
    SyncRequest r;
    r.since = "2024-01-01T02:00:00+0200";
    r.until = "2024-01-31T23:30:00.5-01:00";
    SyncPlan p = Plan("OrderItem", r, std::nullopt);
    REQUIRE(p.windows.size() == 1);
    CHECK(p.windows[0].start == "2024-01-01T00:00:00Z");
    CHECK(p.windows[0].end == "2024-02-01T00:30:00.5Z");
  }

  TEST_CASE("LedgerEntry uses posting-date windows and its own watermark") {
    SyncRequest r;
    r.posting_from = "2026-01-01";
    r.posting_to = "2026-03-31";
    SyncPlan p = Plan("LedgerEntry", r, std::nullopt);
    CHECK(p.watermark_kind == "posting");
    REQUIRE(p.windows.size() == 1);
    CHECK(p.windows[0].posting);
    CHECK(p.windows[0].start == "2026-01-01");
    CHECK(p.windows[0].end == "2026-03-31");
    CHECK(p.windows[0].watermark_after == std::optional<std::string>("2026-03-31"));
    SyncPlan next = Plan("LedgerEntry", {}, "2026-03-31");
    REQUIRE(next.windows.size() == 2);
    CHECK(next.windows[0].start == "2026-03-31");
    CHECK(next.windows.back().end == "2026-11-28");
  }

  TEST_CASE("contradictory or malformed flags are usage errors naming the flag") {
    CHECK(PlanError("LedgerEntry", {}, std::nullopt).find("--posting-from") != std::string::npos);
    SyncRequest posting;
    posting.posting_from = "2026-01-01";
    CHECK(PlanError("Customer", posting, std::nullopt).find("only to types exported by posting date") != std::string::npos);
    SyncRequest both;
    both.full = true;
    both.since = "2026-01-01T00:00:00Z";
    CHECK(PlanError("Customer", both, std::nullopt).find("--full") != std::string::npos);
    SyncRequest bad;
    bad.since = "last week";
    CHECK(PlanError("Customer", bad, std::nullopt).rfind("--since: ", 0) == 0);
    SyncRequest future;
    future.since = "2026-11-01T00:00:00Z";
    future.until = "2026-11-29T11:59:00Z";
    CHECK(PlanError("Customer", future, std::nullopt).find("5 minutes") != std::string::npos);
  }
}
