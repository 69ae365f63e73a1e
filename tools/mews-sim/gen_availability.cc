// Generator writers for AvailabilityAdjustment, AvailabilityBlock and ResourceBlock
// (reference §3.7-§3.9).
#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

constexpr std::string_view kBlockStates[] = {"Confirmed", "Confirmed", "Optional", "Inquired",
                                             "Canceled"};
constexpr std::string_view kPurposes[] = {"Leisure", "Business", "Student"};
constexpr std::string_view kCancellationReasons[] = {"Other", "BookedElsewhere", "ForceMajeure",
                                                     "PriceTooHigh", "RequestedByBooker"};

int64_t DayStart(int64_t micros) { return micros - micros % kMicrosPerDay; }

void PaxCounts(GenContext& c) {
  unsigned kind = static_cast<unsigned>(c.rng.Below(3));
  if (kind == 0) return NullField(c, "PaxCounts");
  c.w.Key("PaxCounts").BeginArray();
  int n = kind == 1 ? 0 : static_cast<int>(c.rng.Range(1, 5));
  for (int i = 0; i < n; ++i) {
    c.w.BeginObject();
    c.w.Key("PersonCount").Int(i + 1);
    c.w.Key("UnitCount").Int(c.rng.Range(-3, 10));
    c.w.EndObject();
  }
  c.w.EndArray();
}

void BlockText(GenContext& c) {
  MaybeText(c, "ExternalIdentifier", "GRP-", 30);
  static constexpr std::string_view kNames[] = {R"("Wedding Zoë & José 💍")",
      R"("Konferenz \"Digital\" 2025")", R"("東京 tour group")", R"("Team offsite\tQ3")"};
  if (c.rng.Percent(80)) PickRaw(c, "Name", kNames, std::size(kNames)); else NullField(c, "Name");
  Notes(c, "Notes", 20);
}

// Budget: a deprecated "Currency value (ver 2018-06-07)" object, or null.
void Budget(GenContext& c) {
  if (!c.rng.Percent(40)) return NullField(c, "Budget");
  c.w.Key("Budget").BeginObject();
  c.w.Key("Currency").Plain(Currency(c));
  c.w.Key("Value").Money(c.rng.Range(0, 5000000));
  NullField(c, "Net");
  NullField(c, "Tax");
  NullField(c, "TaxRate");
  c.w.EndObject();
}

void BlockCancellation(GenContext& c, bool canceled, int64_t updated) {
  MaybeTimestamp(c, "CanceledUtc", updated, canceled ? 100 : 0);
  MaybePick(c, "CancellationReason", kCancellationReasons, canceled ? 90 : 0);
  if (canceled && c.rng.Percent(50)) {
    c.w.Key("CancellationReasonDetail").Raw(R"("Client \"postponed\"\nto spring")");
  } else {
    NullField(c, "CancellationReasonDetail");
  }
}

}  // namespace

void WriteAvailabilityAdjustment(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  int64_t first = DayStart(updated) + c.rng.Range(0, 200) * kMicrosPerDay - 2 * 3600 * kMicrosPerSecond;
  int64_t last = first + c.rng.Range(0, 14) * kMicrosPerDay;
  BeginRecord(c);
  MaybePoolId(c, "AvailabilityBlockId", "availability-block", 500, 40);
  RefSetId(c, "ResourceCategoryId", RefType::kResourceCategory);  // of the scope's enterprise
  TimestampField(c, "FirstTimeUnitStartUtc", first);
  TimestampField(c, "LastTimeUnitStartUtc", last);
  c.w.Key("UnitCount").Int(c.rng.Range(-5, 20) + c.edit.revision);
  MaybeTimestamp(c, "ReleaseOverrideUtc", first - 3 * kMicrosPerDay, 10);
  TimestampField(c, "UpdatedUtc", updated);
  bool active = c.rng.Percent(90);
  c.w.Key("IsActive").Bool(active);
  PaxCounts(c);
  MaybeTimestamp(c, "FirstTimeUnitReleaseUtc", first - 7 * kMicrosPerDay, 15);
  MaybeTimestamp(c, "StartUtc", first, 50);
  MaybeTimestamp(c, "EndUtc", last + kMicrosPerDay, 50);
  c.w.Key("ActivityState").Plain(active ? "Active" : "Deleted");
  c.w.EndObject();
}

void WriteAvailabilityBlock(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  int64_t first = DayStart(created) + c.rng.Range(7, 300) * kMicrosPerDay;
  int64_t last = first + c.rng.Range(0, 6) * kMicrosPerDay;
  std::string_view state = kBlockStates[c.rng.Below(std::size(kBlockStates))];
  unsigned release = static_cast<unsigned>(c.rng.Below(3));
  BeginRecord(c);
  ScopeIdField(c, "EnterpriseId");
  RefSetId(c, "ServiceId", RefType::kService, /*bookable=*/true);
  RefSetId(c, "RateId", RefType::kRate);
  MaybePoolId(c, "VoucherId", "voucher", 50, 5);
  if (c.rng.Percent(60)) RefId(c, "BookerId", Entity::kCustomer, 10000); else NullField(c, "BookerId");
  if (c.rng.Percent(50)) RefId(c, "CompanyId", Entity::kCompany, 2000); else NullField(c, "CompanyId");
  if (c.rng.Percent(10)) RefId(c, "TravelAgencyId", Entity::kCompany, 2000);
  else NullField(c, "TravelAgencyId");
  Budget(c);
  c.w.Key("State").Plain(state);
  MaybePick(c, "ReservationPurpose", kPurposes, 50);
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  TimestampField(c, "FirstTimeUnitStartUtc", first);
  TimestampField(c, "LastTimeUnitStartUtc", last);
  MaybeTimestamp(c, "ReleasedUtc", first - 14 * kMicrosPerDay, release == 0 ? 100 : 0);
  static constexpr std::string_view kOffsets[] = {"P3DT4H", "P7D", "PT12H"};
  MaybePick(c, "RollingReleaseOffset", kOffsets, release == 1 ? 100 : 0);
  BlockText(c);
  c.w.Key("PickupDistribution").Plain(c.rng.Percent(70) ? "AllInOneGroup" : "IndividualGroups");
  c.w.Key("IsActive").Bool(state != "Canceled");
  MaybePoolId(c, "QuoteId", "quote", 1u << 20, 5);
  c.w.Key("AvailabilityBlockNumber").Plain(std::to_string(5000 + c.index));
  static constexpr std::string_view kStrategies[] = {"FixedRelease", "RollingRelease", "None"};
  c.w.Key("ReleaseStrategy").Plain(kStrategies[release]);
  MaybeText(c, "PurchaseOrderNumber", "PO-", 15);
  MaybeRefSetId(c, "BusinessSegmentId", RefType::kBusinessSegment, 50);
  BlockCancellation(c, state == "Canceled", updated);
  c.w.EndObject();
}

void WriteResourceBlock(GenContext& c) {
  int64_t created, updated;
  ChooseTimes(c, &created, &updated);
  int64_t start = DayStart(created) + c.rng.Range(0, 60) * kMicrosPerDay;
  bool active = c.rng.Percent(85);
  BeginRecord(c);
  ScopeIdField(c, "EnterpriseId");
  RefSetId(c, "AssignedResourceId", RefType::kResource);
  c.w.Key("IsActive").Bool(active);
  c.w.Key("Type").Plain(c.rng.Percent(70) ? "OutOfOrder" : "InternalUse");
  TimestampField(c, "StartUtc", start);
  TimestampField(c, "EndUtc", start + c.rng.Range(1, 10) * kMicrosPerDay);
  TimestampField(c, "CreatedUtc", created);
  TimestampField(c, "UpdatedUtc", updated);
  MaybeTimestamp(c, "DeletedUtc", updated, active ? 0 : 100);
  static constexpr std::string_view kNames[] = {R"("Broken A/C")", R"("Renovation – 2nd floor")",
      R"("Staff room \"B\"")", R"("Leak\\water damage")", R"("Photo shoot 📷")"};
  PickRaw(c, "Name", kNames, std::size(kNames));
  Notes(c, "Notes", 30);
  c.w.EndObject();
}

}  // namespace mews::sim::internal
