#include "app/clock.h"

#include "core/civil_date.h"

#include <chrono>
#include <cstdio>

namespace mews {
namespace {

bool Digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses the part after the seconds: fraction, then Z or an offset. Returns false on bad syntax.
bool ParseTail(const std::string& s, size_t pos, Micros* fraction, Micros* offset) {
  *fraction = 0;
  *offset = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    Micros scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      *fraction += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 7) return false;
  }
  if (pos + 1 == s.size() && s[pos] == 'Z') return true;
  int hh = 0, mm = 0;
  if (pos + 6 != s.size() || (s[pos] != '+' && s[pos] != '-') || s[pos + 3] != ':' ||
      !Digits(s, pos + 1, 2, &hh) || !Digits(s, pos + 4, 2, &mm) || hh > 23 || mm > 59) {
    return false;
  }
  *offset = (s[pos] == '-' ? -1 : 1) * (hh * 3600 + mm * 60) * kMicrosPerSecond;
  return true;
}

}  // namespace

Micros NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

Result<Micros> ParseInstant(const std::string& s, const std::string& what) {
  Status bad = Status::InvalidArgument(what + ": not an ISO 8601 UTC timestamp or date: '" + s + "'");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) {
    return bad;
  }
  Micros days = DaysFromCivil(y, mo, d) * kMicrosPerDay;
  if (s.size() == 10) return days;
  if (s.size() < 20 || s[10] != 'T' || !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) ||
      s[16] != ':' || !Digits(s, 17, 2, &se) || h > 23 || mi > 59 || se > 59) {
    return bad;
  }
  Micros fraction = 0, offset = 0;
  if (!ParseTail(s, 19, &fraction, &offset)) return bad;
  return days + (h * 3600 + mi * 60 + se) * kMicrosPerSecond + fraction - offset;
}

std::string FormatInstant(Micros t) {
  int64_t days = t >= 0 ? t / kMicrosPerDay : -((-t + kMicrosPerDay - 1) / kMicrosPerDay);
  Micros rest = t - days * kMicrosPerDay;
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t secs = rest / kMicrosPerSecond;
  int64_t frac = rest % kMicrosPerSecond;
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02lld:%02lld:%02lld", static_cast<long long>(y), m,
                        d, static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                        static_cast<long long>(secs % 60));
  std::string out(buf, n);
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "Z";
}

std::string FormatDate(Micros t) { return FormatInstant(t).substr(0, 10); }

}  // namespace mews
