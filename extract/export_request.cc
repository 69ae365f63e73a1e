#include "extract/export_request.h"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "schemas/registry.h"

namespace mews {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr size_t kMaxIds = 1000;

bool Digits(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  return std::all_of(s.begin() + pos, s.begin() + pos + n,
                     [](unsigned char c) { return std::isdigit(c); });
}

// Fills the date part of `tm` from "YYYY-MM-DD" at the start of `s`; rejects impossible dates.
bool ParseDatePart(const std::string& s, struct tm* tm) {
  if (!Digits(s, 0, 4) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2)) {
    return false;
  }
  tm->tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm->tm_mon = std::stoi(s.substr(5, 2)) - 1;
  tm->tm_mday = std::stoi(s.substr(8, 2));
  struct tm check = *tm;
  time_t t = timegm(&check);
  return t != static_cast<time_t>(-1) && check.tm_mday == tm->tm_mday && check.tm_mon == tm->tm_mon;
}

bool ParseDate(const std::string& s) {
  struct tm tm = {};
  return s.size() == 10 && ParseDatePart(s, &tm);
}

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

Status CheckUpdatedWindow(const UtcWindow& w, Clock::WallTime now) {
  auto start = ParseUtcTimestamp(w.start_utc);
  auto end = ParseUtcTimestamp(w.end_utc);
  if (!start) return Status::InvalidArgument("UpdatedUtc.StartUtc is not a UTC date-time: '" + w.start_utc + "'");
  if (!end) return Status::InvalidArgument("UpdatedUtc.EndUtc is not a UTC date-time: '" + w.end_utc + "'");
  if (!(*start < *end)) {
    return Status::InvalidArgument("UpdatedUtc: StartUtc " + w.start_utc +
                                   " must be before EndUtc " + w.end_utc);
  }
  if (*end > now - minutes(5)) {
    return Status::InvalidArgument("UpdatedUtc.EndUtc " + w.end_utc +
                                   " must be at least 5 minutes in the past (now " + FormatUtc(now) + ")");
  }
  if (*end - *start > hours(24 * 180)) {
    return Status::InvalidArgument("UpdatedUtc window " + w.start_utc + " .. " + w.end_utc +
                                   " is longer than the 180 days Mews allows");
  }
  return Status::Ok();
}

Status CheckPosting(const ExportRequest& r) {
  bool ledger = r.entity == "LedgerEntry";
  if (ledger && !r.filters.posting) {
    return Status::InvalidArgument("LedgerEntry exports need a posting window (--posting-from/--posting-to)");
  }
  if (!r.filters.posting) return Status::Ok();
  if (!ledger) return Status::InvalidArgument("a posting window applies only to LedgerEntry, not " + r.entity);
  const DateWindow& p = *r.filters.posting;
  if (!ParseDate(p.start)) return Status::InvalidArgument("Posting.Start is not a date YYYY-MM-DD: '" + p.start + "'");
  if (!ParseDate(p.end)) return Status::InvalidArgument("Posting.End is not a date YYYY-MM-DD: '" + p.end + "'");
  if (p.end < p.start) {
    return Status::InvalidArgument("Posting: Start " + p.start + " is after End " + p.end);
  }
  return Status::Ok();
}

}  // namespace

std::optional<Clock::WallTime> ParseUtcTimestamp(const std::string& s) {
  struct tm tm = {};
  if (!ParseDatePart(s, &tm) || s.size() < 20 || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2)) {
    return std::nullopt;
  }
  tm.tm_hour = std::stoi(s.substr(11, 2));
  tm.tm_min = std::stoi(s.substr(14, 2));
  tm.tm_sec = std::stoi(s.substr(17, 2));
  if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) return std::nullopt;
  size_t pos = 19;
  long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t digits = 0;
    for (++pos; pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])); ++pos, ++digits) {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
  }
  std::string zone = s.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00") return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm)) + std::chrono::microseconds(micros);
}

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

std::string JsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

namespace {
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
    out += "\"UpdatedUtc\":{\"StartUtc\":" + JsonQuote(f.updated_utc->start_utc) +
           ",\"EndUtc\":" + JsonQuote(f.updated_utc->end_utc) + "}";
  }
  if (f.posting) {
    out += std::string(f.updated_utc ? "," : "") + "\"LedgerEntryFilters\":{\"Posting\":{\"Start\":" +
           JsonQuote(f.posting->start) + ",\"End\":" + JsonQuote(f.posting->end) + "}}";
  }
  return out + "}";
}

}  // namespace mews
