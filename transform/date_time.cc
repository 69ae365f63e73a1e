// Date and date-time values of the transform stage (see values.h): checked field by field, 8 bytes
// at a time where the shape is fixed, and normalized to UTC.
#include <algorithm>
#include <cstring>

#include "core/civil_date.h"
#include "transform/values.h"

namespace mews {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `n` digits at `s` into *v; false when any is not a digit.
inline bool ReadDigits(const char* s, int n, int* v) {
  int r = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(s[i])) return false;
    r = r * 10 + (s[i] - '0');
  }
  *v = r;
  return true;
}

// An 8-byte pattern: '9' stands for any digit, every other byte for itself. DigitLanes has 0xFF in
// the digit bytes, Literals the other bytes (little-endian: byte i is bits 8i..8i+7).
constexpr uint64_t DigitLanes(const char* p) {
  uint64_t m = 0;
  for (int i = 0; i < 8; ++i) m |= p[i] == '9' ? uint64_t{0xFF} << (8 * i) : 0;
  return m;
}
constexpr uint64_t Literals(const char* p) {
  uint64_t m = 0;
  for (int i = 0; i < 8; ++i) m |= p[i] == '9' ? 0 : uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return m;
}

// True when the 8 bytes at `s` match the pattern (DigitLanes, Literals). A digit byte is 0x3X with
// X <= 9, i.e. 0x3X and X + 6 still 0x3X.
inline bool Matches8(const char* s, uint64_t digits, uint64_t literals) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  uint64_t w;
  std::memcpy(&w, s, 8);
  const uint64_t d = w & digits;
  const uint64_t zeros = 0x3030303030303030ULL & digits;
  return (w & ~digits) == literals && (d & kHigh) == zeros &&
         ((d + (0x0606060606060606ULL & digits)) & kHigh) == zeros;
}

// Two digits already checked.
inline int Num2(const char* s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

struct DateParts {
  int year, month, day;
};

// "YYYY-MM-DD" at the start of `in` (at least 10 bytes).
bool ParseDateParts(const char* s, DateParts* p) {
  constexpr uint64_t kDigits = DigitLanes("9999-99-");
  constexpr uint64_t kLiterals = Literals("9999-99-");
  if (!Matches8(s, kDigits, kLiterals) || !IsDigit(s[8]) || !IsDigit(s[9])) return false;
  p->year = Num2(s) * 100 + Num2(s + 2);
  p->month = Num2(s + 5);
  p->day = Num2(s + 8);
  return p->year >= 1 && p->month >= 1 && p->month <= 12 && p->day >= 1 &&
         (p->day <= 28 || p->day <= DaysInMonth(p->year, p->month));
}

inline void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

// Parses the zone designator at `s` (length n): Z, +hh:mm, -hh:mm, +hhmm, -hhmm.
bool ParseOffset(const char* s, size_t n, int* offset_minutes) {
  if (n == 1 && s[0] == 'Z') {
    *offset_minutes = 0;
    return true;
  }
  if ((n != 6 && n != 5) || (s[0] != '+' && s[0] != '-')) return false;
  int h, m;
  if (!ReadDigits(s + 1, 2, &h)) return false;
  if (n == 6 ? (s[3] != ':' || !ReadDigits(s + 4, 2, &m)) : !ReadDigits(s + 3, 2, &m)) return false;
  if (h > 23 || m > 59) return false;
  *offset_minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

}  // namespace

namespace {

struct Timestamp {
  DateParts date;
  int64_t year = 0;  // date.year, widened: shifting by the offset may leave 1..9999
  int hh = 0, mm = 0, ss = 0;
  const char* frac = nullptr;  // fraction digits (not NUL-terminated)
  size_t frac_len = 0;
  int offset = 0;  // minutes east of UTC
};

bool ParseTimestamp(std::string_view in, Timestamp* t) {
  const char* s = in.data();
  const size_t n = in.size();
  constexpr uint64_t kDigits = DigitLanes("99:99:99");
  constexpr uint64_t kLiterals = Literals("99:99:99");
  if (n < 20 || !ParseDateParts(s, &t->date) || s[10] != 'T' || !Matches8(s + 11, kDigits, kLiterals)) {
    return false;
  }
  t->hh = Num2(s + 11);
  t->mm = Num2(s + 14);
  t->ss = Num2(s + 17);
  if (t->hh > 23 || t->mm > 59 || t->ss > 59) return false;
  t->year = t->date.year;
  size_t pos = 19;
  if (s[pos] == '.') {
    t->frac = s + pos + 1;
    while (pos + 1 + t->frac_len < n && IsDigit(t->frac[t->frac_len])) ++t->frac_len;
    if (t->frac_len < 1 || t->frac_len > 7) return false;
    pos += 1 + t->frac_len;
  }
  return ParseOffset(s + pos, n - pos, &t->offset);
}

// Applies the offset with calendar arithmetic; false when the result leaves years 1..9999.
bool ShiftToUtc(Timestamp* t) {
  if (t->offset == 0) return true;
  const int64_t minutes =
      (DaysFromCivil(t->date.year, t->date.month, t->date.day) * 24 + t->hh) * 60 + t->mm - t->offset;
  const int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
  const int64_t in_day = minutes - days * 1440;
  t->hh = static_cast<int>(in_day / 60);
  t->mm = static_cast<int>(in_day % 60);
  CivilFromDays(days, &t->year, &t->date.month, &t->date.day);
  return t->year >= 1 && t->year <= 9999;
}

// Writes t as YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z (trailing fraction zeros removed); returns the size.
size_t FormatUtc(const Timestamp& t, char* buf) {
  size_t frac_len = std::min<size_t>(t.frac_len, 6);
  while (frac_len > 0 && t.frac[frac_len - 1] == '0') --frac_len;
  const int y = static_cast<int>(t.year);
  Put2(buf, y / 100);
  Put2(buf + 2, y % 100);
  Put2(buf + 5, t.date.month);
  Put2(buf + 8, t.date.day);
  Put2(buf + 11, t.hh);
  Put2(buf + 14, t.mm);
  Put2(buf + 17, t.ss);
  buf[4] = buf[7] = '-';
  buf[10] = 'T';
  buf[13] = buf[16] = ':';
  size_t len = 19;
  if (frac_len > 0) {
    buf[len++] = '.';
    std::memcpy(buf + len, t.frac, frac_len);
    len += frac_len;
  }
  buf[len++] = 'Z';
  return len;
}

// True when `in` is already what AppendTimestamp writes for it: YYYY-MM-DDTHH:MM:SS with valid
// fields, then 'Z' or '.' and 1..6 digits not ending in '0' and 'Z'.
bool IsCanonicalUtc(std::string_view in) {
  constexpr uint64_t kDigits = DigitLanes("99:99:99");
  constexpr uint64_t kLiterals = Literals("99:99:99");
  const size_t n = in.size();
  const char* s = in.data();
  DateParts date;
  if (n < 20 || n == 21 || n > kMaxTimestampSize || s[n - 1] != 'Z' || !ParseDateParts(s, &date) ||
      s[10] != 'T' || !Matches8(s + 11, kDigits, kLiterals)) {
    return false;
  }
  if (Num2(s + 11) > 23 || Num2(s + 14) > 59 || Num2(s + 17) > 59) return false;
  if (n == 20) return true;
  if (s[19] != '.' || s[n - 2] == '0') return false;
  for (size_t i = 20; i + 1 < n; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

}  // namespace

size_t WriteTimestamp(std::string_view in, char* out) {
  if (IsCanonicalUtc(in)) {
    // 20..27 bytes as two overlapping fixed-size copies (no call).
    std::memcpy(out, in.data(), 16);
    std::memcpy(out + in.size() - 16, in.data() + in.size() - 16, 16);
    return in.size();
  }
  Timestamp t;
  if (!ParseTimestamp(in, &t) || !ShiftToUtc(&t)) return 0;
  return FormatUtc(t, out);
}

bool AppendTimestamp(std::string_view in, std::string* out) {
  char buf[kMaxTimestampSize];
  const size_t n = WriteTimestamp(in, buf);
  if (n == 0) return false;
  out->append(buf, n);
  return true;
}

bool IsValidDate(std::string_view in) {
  DateParts date;
  return in.size() == 10 && ParseDateParts(in.data(), &date);
}

bool AppendDate(std::string_view in, std::string* out) {
  if (!IsValidDate(in)) return false;
  out->append(in.data(), in.size());
  return true;
}

}  // namespace mews
