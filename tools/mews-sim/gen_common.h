// Internal to the generator: the per-record context and the shared value helpers every entity
// writer uses. Not part of the mews_simdata interface.
#pragma once

#include <climits>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "tools/mews-sim/json_out.h"
#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/ref_data.h"
#include "tools/mews-sim/sim_random.h"

namespace mews::sim::internal {

struct GenContext {
  JsonOut& w;
  Rng& rng;
  Entity entity;
  uint64_t index;
  uint64_t seed;
  int64_t anchor;       // microseconds
  bool sparse;          // omit null-valued optional fields instead of writing null
  const RecordEdit& edit;
  RecordInfo info;
  int64_t exact_time = INT64_MIN;  // a timestamp the edit fixed: written with all its digits
  const GeneratorOptions* options = nullptr;  // the reference set's sizes (RefPick)
};

// A stable tag per EntityType (derived from its name), used to derive ids.
uint64_t EntityTag(Entity e);

// Keys whose value is null are written as `"Key":null`, or left out when ctx.sparse.
void NullField(GenContext& c, std::string_view key);

// The record's own Id, a uuid of a record of another type (an index below `range`), a pool id.
void UuidValue(GenContext& c, Uuid u);

// Opens the record's JSON object and writes its "Id", derived from (entity, index, seed) only.
void BeginRecord(GenContext& c);
void RefId(GenContext& c, std::string_view key, Entity e, uint64_t range);
void PoolId(GenContext& c, std::string_view key, std::string_view pool, uint64_t size);
// PoolId or NullField, non-null with probability percent.
void MaybePoolId(GenContext& c, std::string_view key, std::string_view pool, uint64_t size,
                 unsigned percent);
void ScopeIdField(GenContext& c, std::string_view key);
// The id of a reference item of `type` that belongs to the record's enterprise (ref_data.h),
// chosen with one draw of the record's generator, as PoolId; returns its index (-1 when the
// reference set has no item of the type: then the id names no item). `bookable`: Service picks
// the enterprise's bookable service.
int64_t RefSetId(GenContext& c, std::string_view key, RefType type, bool bookable = false);
// RefSetId or NullField, non-null with probability percent.
void MaybeRefSetId(GenContext& c, std::string_view key, RefType type, unsigned percent);
// AssignedResourceId: a resource assigned to resource category `category` (or, when it is -1,
// any resource of the enterprise); null unless with probability percent.
void MaybeResourceId(GenContext& c, std::string_view key, int64_t category, unsigned percent);

// Writes a timestamp with a random fraction style (0, 1-6 or 7 digits); returns the value as
// written, truncated to microseconds.
int64_t Timestamp(GenContext& c, int64_t micros);
void TimestampField(GenContext& c, std::string_view key, int64_t micros);
void MaybeTimestamp(GenContext& c, std::string_view key, int64_t micros, unsigned percent);

// Chooses (and stores in c.info) UpdatedUtc and CreatedUtc <= UpdatedUtc, honouring the edit.
void ChooseTimes(GenContext& c, int64_t* created, int64_t* updated);

// A value picked from a list of pre-escaped JSON string literals.
void PickRaw(GenContext& c, std::string_view key, const std::string_view* items, size_t n);
void PickPlain(GenContext& c, std::string_view key, const std::string_view* items, size_t n);
template <size_t N>
void Pick(GenContext& c, std::string_view key, const std::string_view (&items)[N]) {
  PickPlain(c, key, items, N);
}
template <size_t N>
void MaybePick(GenContext& c, std::string_view key, const std::string_view (&items)[N],
               unsigned percent) {
  if (c.rng.Percent(percent)) PickPlain(c, key, items, N); else NullField(c, key);
}

// Awkward text: names, free text (Notes, long notes, edits applied), short codes.
void FirstName(GenContext& c, std::string_view key, unsigned percent);
void LastName(GenContext& c, std::string_view key);
void Notes(GenContext& c, std::string_view key, unsigned percent);
void MaybeText(GenContext& c, std::string_view key, std::string_view prefix, unsigned percent);

// An Amount object (Currency, NetValue, GrossValue, TaxValues, Breakdown) for `net` hundredths,
// taxed at the rate TaxKind picked (one past the last rate: untaxed, empty TaxValues).
int TaxKind(GenContext& c);
void Amount(GenContext& c, std::string_view key, int64_t net, std::string_view currency,
            int tax_kind);
// A random order-item style amount in hundredths: mostly positive, some zero, some negative.
int64_t RandomMoney(GenContext& c);
std::string_view Currency(GenContext& c);

// Legacy embedded Address object or null.
void LegacyAddress(GenContext& c, std::string_view key, unsigned percent);
// Bill address (SubdivisionCode spelling) object or null.
void BillAddress(GenContext& c, std::string_view key, unsigned percent);

// Entity writers (one object each, Begin/EndObject included).
void WriteOrderItem(GenContext& c);
void WritePayment(GenContext& c);
void WriteReservation(GenContext& c);
void WriteCustomer(GenContext& c);
void WriteCompany(GenContext& c);
void WriteBill(GenContext& c);
void WriteAvailabilityAdjustment(GenContext& c);
void WriteAvailabilityBlock(GenContext& c);
void WriteResourceBlock(GenContext& c);
void WriteLedgerEntry(GenContext& c);

}  // namespace mews::sim::internal
