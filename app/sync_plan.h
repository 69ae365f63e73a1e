// Decides which exports one `sync` of one EntityType asks for, and where its watermark moves
// (docs/loading.md). Pure: no I/O, so every rule is unit-tested.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "schemas/schema.h"

namespace mews {

struct SyncRequest {
  bool full = false;
  std::string since, until;              // backfill of UpdatedUtc, as given on the command line
  std::string posting_from, posting_to;  // posting dates (ExportFilter::kPosting), as given
};

// One export to create. Exactly one of: full (no filter), an UpdatedUtc window [start, end), or a
// posting window [start, end] (dates, both inclusive).
struct ExportWindow {
  bool full = false;
  bool posting = false;
  std::string start, end;
  // The watermark to store when this window's load commits; nullopt leaves it as it is.
  // For a full export it is decided by the data (the greatest UpdatedUtc loaded): see from_data.
  std::optional<std::string> watermark_after;
  bool watermark_from_data = false;
};

struct SyncPlan {
  std::vector<ExportWindow> windows;  // in order; empty when already up to date
  bool mark_deleted = false;          // --full: rows absent from the export get _deleted_at
  std::string watermark_kind;         // ExportFilterName: "updated_utc" or "posting"
};

// Longest UpdatedUtc window Mews accepts, and how far in the past a window must end.
constexpr Micros kMaxWindow = 180 * kMicrosPerDay;
constexpr Micros kMinLag = 5 * 60 * kMicrosPerSecond;

// Plans a sync of `entity`, exported by `filter` (its mapping's), given the stored watermark
// (canonical text, or nullopt) and `now`. Instants on the command line are what
// ParseTimestampOrDate accepts. InvalidArgument for contradictory or malformed flags, naming the flag.
Result<SyncPlan> PlanSync(const std::string& entity, ExportFilter filter, const SyncRequest& request,
                          const std::optional<std::string>& watermark, Micros now);

}  // namespace mews
