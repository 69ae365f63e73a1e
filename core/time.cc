#include "core/time.h"

#include <thread>

#include "core/civil_date.h"

namespace mews {
namespace {

constexpr int64_t kMinDays = DaysFromCivil(1, 1, 1);
constexpr int64_t kEndDays = DaysFromCivil(10000, 1, 1);  // first day after 9999-12-31

// Reads exactly `n` digits at text[pos]; false when any is missing or not a digit.
bool Digits(std::string_view text, size_t pos, size_t n, int* value) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    v = v * 10 + (text[i] - '0');
  }
  *value = v;
  return true;
}

bool At(std::string_view text, size_t pos, char c) { return pos < text.size() && text[pos] == c; }

// "YYYY-MM-DD" at the start of `text` (which may go on): days since the epoch.
bool ParseDatePrefix(std::string_view text, int64_t* days) {
  int y, m, d;
  if (!Digits(text, 0, 4, &y) || !At(text, 4, '-') || !Digits(text, 5, 2, &m) || !At(text, 7, '-') ||
      !Digits(text, 8, 2, &d)) {
    return false;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, m, d);
  return true;
}

// ".f{1,7}" at text[*pos], if any: adds the microseconds and moves *pos past it.
bool ParseFraction(std::string_view text, size_t* pos, Micros* micros) {
  *micros = 0;
  if (!At(text, *pos, '.')) return true;
  size_t start = ++*pos;
  Micros scale = 100000;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
    *micros += (text[*pos] - '0') * scale;
    scale /= 10;  // the seventh digit multiplies by 0: truncated
    ++*pos;
  }
  return *pos > start && *pos - start <= 7;
}

// The zone designator, the whole rest of `text`: Z, ±hh:mm or ±hhmm, as microseconds east of UTC.
bool ParseZone(std::string_view zone, Micros* offset) {
  *offset = 0;
  if (zone == "Z") return true;
  int h, m;
  const bool colon = zone.size() == 6;
  if ((zone.size() != 6 && zone.size() != 5) || (zone[0] != '+' && zone[0] != '-') ||
      !Digits(zone, 1, 2, &h) || (colon && zone[3] != ':') || !Digits(zone, colon ? 4 : 3, 2, &m) ||
      h > 23 || m > 59) {
    return false;
  }
  *offset = (zone[0] == '-' ? -1 : 1) * (h * 3600 + m * 60) * kMicrosPerSecond;
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

inline void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// "YYYY-MM-DD" into out[0, 10).
void WriteDate(int64_t days, char* out) {
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  Put2(out, static_cast<int>(y / 100));
  Put2(out + 2, static_cast<int>(y % 100));
  out[4] = out[7] = '-';
  Put2(out + 5, m);
  Put2(out + 8, d);
}

// "YYYY-MM-DDThh:mm:ss" into out[0, 19); the microseconds of the second in *fraction.
void WriteSeconds(Micros t, char* out, int64_t* fraction) {
  const int64_t days = FloorDiv(t, kMicrosPerDay);
  const Micros rest = t - days * kMicrosPerDay;
  const int secs = static_cast<int>(rest / kMicrosPerSecond);
  WriteDate(days, out);
  out[10] = 'T';
  Put2(out + 11, secs / 3600);
  out[13] = out[16] = ':';
  Put2(out + 14, secs / 60 % 60);
  Put2(out + 17, secs % 60);
  *fraction = rest % kMicrosPerSecond;
}

}  // namespace

std::optional<Micros> ParseTimestamp(std::string_view s) {
  int64_t days;
  int h, mi, se;
  if (s.size() < 20 || !ParseDatePrefix(s, &days) || s[10] != 'T' || !Digits(s, 11, 2, &h) ||
      s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &se) || h > 23 ||
      mi > 59 || se > 59) {
    return std::nullopt;
  }
  size_t pos = 19;
  Micros fraction, offset;
  if (!ParseFraction(s, &pos, &fraction) || !ParseZone(s.substr(pos), &offset)) return std::nullopt;
  const Micros t = days * kMicrosPerDay + (h * 3600 + mi * 60 + se) * kMicrosPerSecond + fraction - offset;
  if (t < kMinDays * kMicrosPerDay || t >= kEndDays * kMicrosPerDay) return std::nullopt;
  return t;
}

std::optional<int64_t> ParseDate(std::string_view s) {
  int64_t days;
  if (s.size() != 10 || !ParseDatePrefix(s, &days)) return std::nullopt;
  return days;
}

std::optional<Micros> ParseTimestampOrDate(std::string_view s) {
  if (std::optional<int64_t> days = ParseDate(s)) return *days * kMicrosPerDay;
  return ParseTimestamp(s);
}

size_t WriteTimestamp(Micros t, char* out) {
  int64_t fraction;
  WriteSeconds(t, out, &fraction);
  size_t n = 19;
  if (fraction != 0) {
    out[n++] = '.';
    for (int64_t scale = 100000; fraction != 0; scale /= 10) {
      out[n++] = static_cast<char>('0' + fraction / scale);
      fraction %= scale;
    }
  }
  out[n++] = 'Z';
  return n;
}

std::string FormatTimestamp(Micros t) {
  char buf[kMaxTimestampSize];
  return std::string(buf, WriteTimestamp(t, buf));
}

size_t CanonicalizeTimestamp(std::string_view text, char* out) {
  std::optional<Micros> t = ParseTimestamp(text);
  return t ? WriteTimestamp(*t, out) : 0;
}

std::string CanonicalTimestampOr(std::string text) {
  char buf[kMaxTimestampSize];
  const size_t n = CanonicalizeTimestamp(text, buf);
  if (n != 0) text.assign(buf, n);
  return text;
}

void AppendTimestampWithDigits(std::string* out, Micros t, int fraction_digits) {
  char buf[kMaxTimestampSize];
  int64_t fraction;
  WriteSeconds(t, buf, &fraction);
  size_t n = 19;
  if (fraction_digits > 0) {
    buf[n++] = '.';
    int64_t scale = 100000;
    for (int i = 0; i < fraction_digits && i < 6; ++i, scale /= 10) {
      buf[n++] = static_cast<char>('0' + fraction / scale % 10);
    }
  }
  buf[n++] = 'Z';
  out->append(buf, n);
}

void AppendDate(std::string* out, int64_t days) {
  char buf[10];
  WriteDate(days, buf);
  out->append(buf, 10);
}

std::string FormatDate(int64_t days) {
  std::string out;
  AppendDate(&out, days);
  return out;
}

std::string FormatDateOf(Micros t) { return FormatDate(FloorDiv(t, kMicrosPerDay)); }

int CompareTimestamps(std::string_view a, std::string_view b) {
  std::optional<Micros> ta = ParseTimestamp(a), tb = ParseTimestamp(b);
  if (ta && tb) return *ta < *tb ? -1 : *ta > *tb ? 1 : 0;
  if (ta || tb) return ta ? 1 : -1;
  return a.compare(b);
}

Micros ToMicros(Clock::WallTime t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

Clock::WallTime FromMicros(Micros t) {
  return Clock::WallTime(std::chrono::duration_cast<Clock::WallTime::duration>(std::chrono::microseconds(t)));
}

Micros Clock::NowMicros() { return ToMicros(Now()); }

std::string Clock::NowTimestamp() { return FormatTimestamp(NowMicros()); }

namespace {
class SystemClock : public Clock {
 public:
  WallTime Now() override { return std::chrono::system_clock::now(); }
  SteadyTime MonotonicNow() override { return std::chrono::steady_clock::now(); }
  void SleepFor(std::chrono::milliseconds duration) override {
    if (duration.count() > 0) std::this_thread::sleep_for(duration);
  }
};
}  // namespace

Clock* Clock::System() {
  static SystemClock* clock = new SystemClock();
  return clock;
}

void FixedClock::SleepFor(std::chrono::milliseconds duration) {
  if (duration.count() > 0) Advance(duration.count() * 1000);
}

void FixedClock::Advance(Micros by) {
  now_ += by;
  steady_ += by;
}

}  // namespace mews
