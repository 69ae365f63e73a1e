// What one sync did, per EntityType, and its JSON form for --summary-json.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mews {

// What happened to one EntityType in one sync.
struct EntitySummary {
  std::string connection;
  std::string entity;
  std::string status = "up to date";  // succeeded, failed, interrupted, locked, up to date
  std::vector<std::string> export_ids;
  std::vector<std::string> windows;    // "full" or "start..end" per export loaded
  int64_t inserted = 0, updated = 0, unchanged = 0, deleted = 0, rejected = 0;
  double seconds = 0;
  std::string error;
};

// The summary as the JSON document --summary-json writes:
// {"seconds":S,"entities":[{"connection":..,"entity":..,"status":..,"export_ids":[..],"windows":[..],"inserted":N,...}]}
std::string SummaryJson(const std::vector<EntitySummary>& summary, double total_seconds);

}  // namespace mews
