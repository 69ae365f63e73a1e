// Internal to the reference-set writers (ref_writers*.cc): the per-item context and the value
// helpers they share. Not part of the mews_simdata interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/mews-sim/json_out.h"
#include "tools/mews-sim/ref_data.h"
#include "tools/mews-sim/sim_random.h"

namespace mews::sim::internal {

struct RefContext {
  JsonOut& w;
  Rng& rng;
  RefType type;
  uint64_t index;
  const GeneratorOptions& options;
  const RecordEdit& edit;
  const RefItem& item;
};

// A text in the three languages the simulator speaks (UTF-8, unescaped).
struct Tri {
  std::string_view en;
  std::string_view de;
  std::string_view cs;
};

// The item's names: `base` in each language, numbered past the table's end ("Restaurant 2"),
// with " (rev N)" after an edit. Which languages are present varies per item: most have all
// three, some lack one (en-US included), a few have only one.
void LocalizedNames(RefContext& c, std::string_view key, const Tri& base, uint64_t round);
// The same text as one plain string (the en-US form, or the first present).
std::string PlainName(RefContext& c, std::string_view base, uint64_t round);
// {} or a one-language object; optional localized texts (descriptions).
void LocalizedOptional(RefContext& c, std::string_view key, std::string_view en);

void IdField(RefContext& c, std::string_view key, RefType type, int64_t index);  // null when < 0
void Time(RefContext& c, std::string_view key, int64_t micros);
void ExternalIdentifier(RefContext& c, std::string_view prefix);

// Writers: one JSON object each.
void WriteEnterprise(RefContext& c);
void WriteService(RefContext& c);
void WriteAccountingCategory(RefContext& c);
void WriteResourceCategory(RefContext& c);
void WriteResourceCategoryAssignment(RefContext& c);
void WriteResource(RefContext& c);
void WriteRate(RefContext& c);
void WriteRateGroup(RefContext& c);
void WriteBusinessSegment(RefContext& c);
void WriteSource(RefContext& c);
void WriteAgeCategory(RefContext& c);
void WriteProduct(RefContext& c);

}  // namespace mews::sim::internal
