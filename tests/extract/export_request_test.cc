#include <doctest/doctest.h>

#include "extract/export_request.h"

namespace mews {
namespace {

// 2026-06-01T12:00:00Z
const Clock::WallTime kNow = FromMicros(*ParseTimestamp("2026-06-01T12:00:00Z"));
const char* kUuid = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

ExportRequest Updated(const std::string& start, const std::string& end) {
  ExportRequest r;
  r.entity = "Reservation";
  r.filters.updated_utc = UtcWindow{start, end};
  return r;
}

Status Check(const ExportRequest& r) { return ValidateExportRequest(r, kNow); }

}  // namespace

TEST_SUITE("extract.unit") {

TEST_CASE("a full export of a known entity type is valid") {
  ExportRequest r;
  r.entity = "OrderItem";
  CHECK(Check(r).ok());
}

TEST_CASE("an unknown entity type is rejected before sending") {
  ExportRequest r;
  r.entity = "Orderitem";
  Status s = Check(r);
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message().rfind("unknown EntityType 'Orderitem' (one of OrderItem, ", 0) == 0);
}

TEST_CASE("UpdatedUtc must end at least 5 minutes before now") {
  CHECK(Check(Updated("2026-05-01T00:00:00Z", "2026-06-01T11:55:00Z")).ok());
  Status s = Check(Updated("2026-05-01T00:00:00Z", "2026-06-01T11:55:01Z"));
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == "UpdatedUtc.EndUtc 2026-06-01T11:55:01Z must be at least 5 minutes in the past "
                       "(now 2026-06-01T12:00:00Z)");
}

TEST_CASE("UpdatedUtc may span at most 180 days") {
  CHECK(Check(Updated("2025-12-03T00:00:00Z", "2026-06-01T00:00:00Z")).ok());  // exactly 180 days
  Status s = Check(Updated("2025-12-02T23:59:59Z", "2026-06-01T00:00:00Z"));
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == "UpdatedUtc window 2025-12-02T23:59:59Z .. 2026-06-01T00:00:00Z is longer than "
                       "the 180 days Mews allows");
}

TEST_CASE("UpdatedUtc needs StartUtc before EndUtc and timestamps of core/time.h") {
  CHECK(Check(Updated("2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z")).message() ==
        "UpdatedUtc: StartUtc 2026-05-01T00:00:00Z must be before EndUtc 2026-05-01T00:00:00Z");
  CHECK(Check(Updated("2026-05-01", "2026-05-02T00:00:00Z")).message() ==
        "UpdatedUtc.StartUtc is not a timestamp: '2026-05-01'");
  // An offset is the core grammar's (it was refused here, accepted by the transform): the instant counts.
  CHECK(Check(Updated("2026-05-01T00:00:00+02:00", "2026-05-02T00:00:00Z")).ok());
  CHECK(Check(Updated("2026-05-01T00:00:00+0200", "2026-04-30T22:00:00Z")).message() ==
        "UpdatedUtc: StartUtc 2026-05-01T00:00:00+0200 must be before EndUtc 2026-04-30T22:00:00Z");
  CHECK(Check(Updated("2026-05-01t00:00:00z", "2026-05-02T00:00:00Z")).code() == StatusCode::kInvalidArgument);
  CHECK(Check(Updated("2026-05-01T00:00:60Z", "2026-05-02T00:00:00Z")).code() == StatusCode::kInvalidArgument);
  CHECK(Check(Updated("2026-02-30T00:00:00Z", "2026-05-02T00:00:00Z")).code() ==
        StatusCode::kInvalidArgument);
  CHECK(Check(Updated("2026-05-01T00:00:00.123456Z", "2026-05-02T00:00:00+00:00")).ok());
}

TEST_CASE("UpdatedUtc bounds are sent to Mews in the canonical UTC form") {
  ExportFilters f;
  f.updated_utc = UtcWindow{"2026-05-01T02:00:00.500+02:00", "2026-05-02T00:00:00+0000"};
  CHECK(FiltersJson(f) ==
        R"({"UpdatedUtc":{"StartUtc":"2026-05-01T00:00:00.5Z","EndUtc":"2026-05-02T00:00:00Z"}})");
}

TEST_CASE("a type exported by posting date (LedgerEntry) requires a posting window, no other accepts one") {
  ExportRequest r;
  r.entity = "LedgerEntry";
  CHECK(Check(r).message() == "LedgerEntry exports need a posting window (--posting-from/--posting-to)");
  r.filters.posting = DateWindow{"2026-01-01", "2026-01-31"};
  CHECK(Check(r).ok());
  r.filters.posting = DateWindow{"2026-01-01", "2026-01-01"};
  CHECK(Check(r).ok());
  r.filters.posting = DateWindow{"2026-02-01", "2026-01-31"};
  CHECK(Check(r).message() == "Posting: Start 2026-02-01 is after End 2026-01-31");
  r.filters.posting = DateWindow{"2026-1-1", "2026-01-31"};
  CHECK(Check(r).message() == "Posting.Start is not a date YYYY-MM-DD: '2026-1-1'");
  r.entity = "Payment";
  r.filters.posting = DateWindow{"2026-01-01", "2026-01-31"};
  CHECK(Check(r).message() == "a posting window applies only to types exported by posting date, not Payment");
}

TEST_CASE("scope ids must be uuids, at most 1000 per list") {
  ExportRequest r;
  r.entity = "Customer";
  r.scope.chain_ids = {kUuid};
  CHECK(Check(r).ok());
  r.scope.chain_ids.push_back("../etc");
  CHECK(Check(r).message() == "Scope.ChainIds: not a uuid: '../etc'");
  r.scope.chain_ids.clear();
  r.scope.enterprise_ids.assign(1001, kUuid);
  CHECK(Check(r).message() == "Scope.EnterpriseIds has 1001 ids; Mews accepts at most 1000");
  r.scope.enterprise_ids.assign(1000, kUuid);
  CHECK(Check(r).ok());
}

TEST_CASE("scope and filters serialize to the API's JSON, null when empty") {
  ExportScope scope;
  CHECK(ScopeJson(scope) == "null");
  scope.enterprise_ids = {kUuid};
  CHECK(ScopeJson(scope) == std::string("{\"EnterpriseIds\":[\"") + kUuid + "\"]}");
  scope.chain_ids = {kUuid};
  CHECK(ScopeJson(scope) == std::string("{\"EnterpriseIds\":[\"") + kUuid + "\"],\"ChainIds\":[\"" + kUuid + "\"]}");
  ExportFilters f;
  CHECK(FiltersJson(f) == "null");
  f.updated_utc = UtcWindow{"2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"};
  f.posting = DateWindow{"2026-01-01", "2026-01-31"};
  CHECK(FiltersJson(f) ==
        "{\"UpdatedUtc\":{\"StartUtc\":\"2026-01-01T00:00:00Z\",\"EndUtc\":\"2026-02-01T00:00:00Z\"},"
        "\"LedgerEntryFilters\":{\"Posting\":{\"Start\":\"2026-01-01\",\"End\":\"2026-01-31\"}}}");
}

TEST_CASE("IsUuid accepts only hyphenated 36-character hex ids") {
  CHECK(IsUuid(kUuid));
  CHECK(IsUuid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
  CHECK_FALSE(IsUuid("3fa85f6457174562b3fc2c963f66afa6"));
  CHECK_FALSE(IsUuid("3fa85f64-5717-4562-b3fc-2c963f66afa/"));
  CHECK_FALSE(IsUuid(""));
}

}  // TEST_SUITE

}  // namespace mews
