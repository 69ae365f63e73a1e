#include "extract/export_request.h"

#include <algorithm>
#include <cctype>

#include "schemas/registry.h"

namespace mews {
namespace {

constexpr size_t kMaxIds = 1000;

Status CheckIds(const std::vector<std::string>& ids, const std::string& field) {
  if (ids.size() > kMaxIds) {
    return Status::InvalidArgument("Scope." + field + " has " + std::to_string(ids.size()) +
                                   " ids; Mews accepts at most 1000");
  }
  for (const std::string& id : ids) {
    if (!IsUuid(id)) return Status::InvalidArgument("Scope." + field + ": not a uuid: '" + id + "'");
  }
  return Status::Ok();
}

Status CheckUpdatedWindow(const UtcWindow& w, Clock::WallTime now_time) {
  const std::optional<Micros> start = ParseTimestamp(w.start_utc), end = ParseTimestamp(w.end_utc);
  const Micros now = ToMicros(now_time);
  if (!start) return Status::InvalidArgument("UpdatedUtc.StartUtc is not a timestamp: '" + w.start_utc + "'");
  if (!end) return Status::InvalidArgument("UpdatedUtc.EndUtc is not a timestamp: '" + w.end_utc + "'");
  if (!(*start < *end)) {
    return Status::InvalidArgument("UpdatedUtc: StartUtc " + w.start_utc +
                                   " must be before EndUtc " + w.end_utc);
  }
  if (*end > now - 5 * 60 * kMicrosPerSecond) {
    return Status::InvalidArgument("UpdatedUtc.EndUtc " + w.end_utc +
                                   " must be at least 5 minutes in the past (now " + FormatTimestamp(now) + ")");
  }
  if (*end - *start > 180 * kMicrosPerDay) {
    return Status::InvalidArgument("UpdatedUtc window " + w.start_utc + " .. " + w.end_utc +
                                   " is longer than the 180 days Mews allows");
  }
  return Status::Ok();
}

Status CheckPosting(const ExportRequest& r) {
  const bool by_posting = BuiltinExportFilter(r.entity) == ExportFilter::kPosting;
  if (by_posting && !r.filters.posting) {
    return Status::InvalidArgument(r.entity + " exports need a posting window (--posting-from/--posting-to)");
  }
  if (!r.filters.posting) return Status::Ok();
  if (!by_posting) {
    return Status::InvalidArgument("a posting window applies only to types exported by posting date, not " + r.entity);
  }
  const DateWindow& p = *r.filters.posting;
  if (!ParseDate(p.start)) return Status::InvalidArgument("Posting.Start is not a date YYYY-MM-DD: '" + p.start + "'");
  if (!ParseDate(p.end)) return Status::InvalidArgument("Posting.End is not a date YYYY-MM-DD: '" + p.end + "'");
  if (p.end < p.start) {
    return Status::InvalidArgument("Posting: Start " + p.start + " is after End " + p.end);
  }
  return Status::Ok();
}

}  // namespace

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

Status ValidateExportRequest(const ExportRequest& r, Clock::WallTime now) {
  const auto& types = AllEntityTypes();
  if (std::find(types.begin(), types.end(), r.entity) == types.end()) {
    return Status::InvalidArgument("unknown EntityType '" + r.entity + "' (one of " + EntityTypeList() + ")");
  }
  MEWS_RETURN_IF_ERROR(CheckIds(r.scope.enterprise_ids, "EnterpriseIds"));
  MEWS_RETURN_IF_ERROR(CheckIds(r.scope.chain_ids, "ChainIds"));
  if (r.filters.updated_utc) MEWS_RETURN_IF_ERROR(CheckUpdatedWindow(*r.filters.updated_utc, now));
  return CheckPosting(r);
}

namespace {
// A timestamp as Mews is sent it: canonical (UTC, 'Z') when it is one, else as given.
std::string UtcJson(const std::string& text) {
  char buf[kMaxTimestampSize];
  const size_t n = CanonicalizeTimestamp(text, buf);
  return JsonQuote(n ? std::string_view(buf, n) : std::string_view(text));
}

std::string IdArray(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + JsonQuote(ids[i]);
  return out + "]";
}
}  // namespace

std::string ScopeJson(const ExportScope& scope) {
  if (scope.enterprise_ids.empty() && scope.chain_ids.empty()) return "null";
  std::string out = "{";
  if (!scope.enterprise_ids.empty()) out += "\"EnterpriseIds\":" + IdArray(scope.enterprise_ids);
  if (!scope.chain_ids.empty()) {
    out += std::string(out.size() > 1 ? "," : "") + "\"ChainIds\":" + IdArray(scope.chain_ids);
  }
  return out + "}";
}

std::string FiltersJson(const ExportFilters& f) {
  if (!f.updated_utc && !f.posting) return "null";
  std::string out = "{";
  if (f.updated_utc) {
    out += "\"UpdatedUtc\":{\"StartUtc\":" + UtcJson(f.updated_utc->start_utc) +
           ",\"EndUtc\":" + UtcJson(f.updated_utc->end_utc) + "}";
  }
  if (f.posting) {
    out += std::string(f.updated_utc ? "," : "") + "\"LedgerEntryFilters\":{\"Posting\":{\"Start\":" +
           JsonQuote(f.posting->start) + ",\"End\":" + JsonQuote(f.posting->end) + "}}";
  }
  return out + "}";
}

}  // namespace mews
