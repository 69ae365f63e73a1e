#include "tools/mews-sim/record_generator.h"

#include "tools/mews-sim/gen_common.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {
namespace {

using WriteFn = void (*)(internal::GenContext&);

constexpr WriteFn kWriters[] = {
    internal::WriteOrderItem,           internal::WritePayment,
    internal::WriteReservation,         internal::WriteCustomer,
    internal::WriteCompany,             internal::WriteBill,
    internal::WriteAvailabilityAdjustment, internal::WriteAvailabilityBlock,
    internal::WriteResourceBlock,       internal::WriteLedgerEntry,
};

}  // namespace

namespace internal {
uint64_t EntityTag(Entity e) {
  static const std::vector<uint64_t> tags = [] {
    std::vector<uint64_t> t;
    for (const std::string& name : EntityNames()) t.push_back(NameTag(name));
    return t;
  }();
  return tags[static_cast<size_t>(e)];
}
}  // namespace internal

const std::vector<std::string>& EntityNames() {
  static const std::vector<std::string> names = {
      "OrderItem", "Payment",  "Reservation",           "Customer",          "Company",
      "Bill",      "AvailabilityAdjustment", "AvailabilityBlock", "ResourceBlock", "LedgerEntry"};
  return names;
}

std::optional<Entity> ParseEntity(std::string_view name) {
  const std::vector<std::string>& names = EntityNames();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Entity>(i);
  }
  return std::nullopt;
}

const std::string& EntityName(Entity e) { return EntityNames()[static_cast<size_t>(e)]; }

int64_t DefaultAnchorMicros() {
  int64_t now = NowMicros();
  return now - now % kMicrosPerDay;
}

bool UsesChainScope(Entity entity) {
  return entity == Entity::kCustomer || entity == Entity::kCompany;
}

std::string ScopeId(Entity entity, uint32_t scope_index, uint64_t seed) {
  std::string out;
  uint64_t tag = NameTag(UsesChainScope(entity) ? "chain" : "enterprise");
  AppendUuid(&out, MakeUuid(seed ^ tag, scope_index));
  return out;
}

std::string RecordId(Entity entity, uint64_t index, uint64_t seed) {
  std::string out;
  AppendUuid(&out, MakeUuid(seed ^ internal::EntityTag(entity), index));
  return out;
}

RecordInfo AppendRecord(Entity entity, uint64_t index, const GeneratorOptions& options,
                        const RecordEdit& edit, std::string* out) {
  JsonOut w(out);
  uint64_t state = Mix64(options.seed ^ internal::EntityTag(entity)) ^ Mix64(index * 0x2545f4914f6cdd1dULL);
  Rng rng(state);
  int64_t anchor = options.anchor_micros != 0 ? options.anchor_micros : DefaultAnchorMicros();
  internal::GenContext c{w, rng, entity, index, options.seed, anchor, rng.Percent(10), edit, {}};
  c.options = &options;
  c.info.scope_index = static_cast<uint32_t>(rng.Below(kScopeCount));
  kWriters[static_cast<size_t>(entity)](c);
  return c.info;
}

std::string GenerateRecord(const std::string& entity, uint64_t index, uint64_t seed) {
  std::optional<Entity> e = ParseEntity(entity);
  if (!e) return std::string();
  std::string out;
  GeneratorOptions options;
  options.seed = seed;
  AppendRecord(*e, index, options, RecordEdit{}, &out);
  return out;
}

}  // namespace mews::sim
