// The mews-sim record generator: realistic, deterministic JSON records for every Mews export
// EntityType. The same (entity, index, options, edit) always gives the same bytes. Records carry
// every field of the reference (deprecated ones too) and the awkward values real data has: nulls,
// absent nullable fields, unicode, escapes, multi-KB notes, negative and zero amounts, timestamps
// with 0-7 fraction digits, both union styles. Thread-safe: all functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/mews-sim/ref_types.h"

namespace mews::sim {

enum class Entity {
  kOrderItem,
  kPayment,
  kReservation,
  kCustomer,
  kCompany,
  kBill,
  kAvailabilityAdjustment,
  kAvailabilityBlock,
  kResourceBlock,
  kLedgerEntry,
};

// The ten EntityTypes as the API spells them, in enum order.
const std::vector<std::string>& EntityNames();
std::optional<Entity> ParseEntity(std::string_view name);
const std::string& EntityName(Entity e);

struct GeneratorOptions {
  uint64_t seed = 1;
  // Timestamps are spread before this instant (microseconds since the epoch): UpdatedUtc over the
  // two years ending one day before it, LedgerEntry PostingDate over the year before it.
  // Default: DefaultAnchorMicros().
  int64_t anchor_micros = 0;
  // The sizes of the reference set fact records draw their reference ids from (ref_data.h).
  RefCounts ref_counts = DefaultRefCounts();
};

// 00:00:00 UTC of the current day: stable for a whole day, so two runs on one day agree.
int64_t DefaultAnchorMicros();

// A change applied on top of the generated record (used by the simulator's mutations).
struct RecordEdit {
  // When set, UpdatedUtc (LedgerEntry: CreatedUtc) takes this value; CreatedUtc is clamped to it.
  std::optional<int64_t> updated_micros;
  // Non-zero revisions change Notes (or Name where a type has no Notes) deterministically.
  uint32_t revision = 0;
};

// What the simulator filters on, as written in the record.
struct RecordInfo {
  int64_t updated_micros = 0;   // UpdatedUtc (LedgerEntry: CreatedUtc), fraction truncated to us
  int64_t posting_day = 0;      // LedgerEntry PostingDate as days since the epoch; else 0
  uint32_t scope_index = 0;     // index of the record's enterprise (or chain) in ScopeIds()
};

// Appends one record as a single-line JSON object (no trailing newline) to `out`.
RecordInfo AppendRecord(Entity entity, uint64_t index, const GeneratorOptions& options,
                        const RecordEdit& edit, std::string* out);

// One record with the default anchor: the convenience form of AppendRecord.
std::string GenerateRecord(const std::string& entity, uint64_t index, uint64_t seed);

// The record's Id: a lower-case uuid that depends only on (entity, index, seed).
std::string RecordId(Entity entity, uint64_t index, uint64_t seed);

// The enterprise ids (Customer/Company: chain ids) records are spread over, for Scope.
constexpr uint32_t kScopeCount = 3;
std::string ScopeId(Entity entity, uint32_t scope_index, uint64_t seed);
// True for Customer and Company, whose Scope is ChainIds rather than EnterpriseIds.
bool UsesChainScope(Entity entity);

}  // namespace mews::sim
