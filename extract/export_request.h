// What to export: entity type, scope and filters of exports/add, with the API's documented limits
// checked before anything is sent, and their canonical JSON (also what the journal stores).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_escape.h"  // JsonQuote, for the request writers
#include "core/status.h"
#include "core/time.h"

namespace mews {

// [start_utc, end_utc): timestamps of core/time.h ("2026-01-01T00:00:00Z"), sent as given.
struct UtcWindow {
  std::string start_utc;
  std::string end_utc;
};

// [start, end], both inclusive: dates "YYYY-MM-DD".
struct DateWindow {
  std::string start;
  std::string end;
};

// Empty lists are omitted from the request (the token's whole scope).
struct ExportScope {
  std::vector<std::string> enterprise_ids;
  std::vector<std::string> chain_ids;
};

struct ExportFilters {
  std::optional<UtcWindow> updated_utc;  // Filters.UpdatedUtc
  std::optional<DateWindow> posting;     // Filters.LedgerEntryFilters.Posting (ExportFilter::kPosting types)
};

struct ExportRequest {
  std::string entity;  // EntityType as the API spells it
  ExportScope scope;
  ExportFilters filters;
};

// InvalidArgument (one line naming the field) unless: `entity` is an EntityType; every id is a uuid
// and each list has at most 1000; UpdatedUtc has StartUtc < EndUtc, EndUtc at least 5 minutes
// before `now`, and spans at most 180 days; Posting has valid dates with Start <= End; Posting is
// given exactly when the entity's mapping exports it by posting date (BuiltinExportFilter).
Status ValidateExportRequest(const ExportRequest& request, Clock::WallTime now);

bool IsUuid(std::string_view text);

// Canonical JSON of the scope / filters as sent to Mews ("null" when empty); UpdatedUtc bounds in the
// canonical timestamp form (UTC, "Z").
std::string ScopeJson(const ExportScope& scope);
std::string FiltersJson(const ExportFilters& filters);

}  // namespace mews
