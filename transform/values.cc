#include "transform/values.h"

#include "schemas/civil_date.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cstring>
#include <limits>

namespace mews {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

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

// 0x80 in each byte of `x` (8 ASCII-or-not bytes) that is a hex digit; *lowered is `x` with the
// letters A-F lower-cased. Bytes >= 0x80 are never hex (SWAR range checks on 7-bit lanes).
inline uint64_t HexLanes(uint64_t x, uint64_t* lowered) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = kOnes * 0x80;
  constexpr uint64_t kLow7 = kOnes * 0x7F;
  const uint64_t ascii = ~x & kHigh;  // 0x80 where the byte is < 0x80
  const uint64_t v = x & kLow7;
  // Byte in [lo, hi] (7-bit): (v + (0x7F - hi)) has no bit 7 and (v + (0x80 - lo)) has bit 7.
  auto in_range = [&](uint64_t y, unsigned lo, unsigned hi) {
    return ~(y + kOnes * (0x7F - hi)) & (y + kOnes * (0x80 - lo)) & kHigh;
  };
  const uint64_t digit = in_range(v, '0', '9');
  const uint64_t alpha = in_range(v | (kOnes * 0x20), 'a', 'f');
  *lowered = x | (alpha >> 2);  // 0x80 >> 2 == 0x20, the lower-case bit
  return (digit | alpha) & ascii;
}

}  // namespace

bool AppendUuid(std::string_view in, std::string* out) {
  char buf[36];
  if (!WriteUuid(in, buf)) return false;
  out->append(buf, 36);
  return true;
}

#ifdef __SSE2__
namespace {

// 16 bytes at `in` checked and lower-cased into `out`: a hex digit wherever `dashes` has no bit set,
// '-' wherever it has (bit i for byte i).
inline bool HexOrDash16(const char* in, char* out, int dashes) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  const __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
  // Signed compares: bytes >= 0x80 are negative and fall outside both ranges.
  const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
  const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                      _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
  const __m128i dash = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
  const int hex = _mm_movemask_epi8(_mm_or_si128(digit, alpha));
  if ((hex | dashes) != 0xFFFF || (_mm_movemask_epi8(dash) & dashes) != dashes) return false;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                   _mm_or_si128(x, _mm_and_si128(alpha, _mm_set1_epi8(0x20))));
  return true;
}

}  // namespace

bool WriteUuid(std::string_view in, char* buf) {
  if (in.size() != 36) return false;
  // Bytes 0-15, 16-31 and 20-35; the dashes sit at bytes 8, 13, 18 and 23.
  char tail[16];
  if (!HexOrDash16(in.data(), buf, (1 << 8) | (1 << 13)) ||
      !HexOrDash16(in.data() + 16, buf + 16, (1 << 2) | (1 << 7)) ||
      !HexOrDash16(in.data() + 20, tail, 1 << 3)) {
    return false;
  }
  std::memcpy(buf + 32, tail + 12, 4);
  return true;
}
#else
bool WriteUuid(std::string_view in, char* buf) {
  if (in.size() != 36 || in[8] != '-' || in[13] != '-' || in[18] != '-' || in[23] != '-') return false;
  // Words at 0, 8, 16, 24 and 28 cover the 36 bytes; the dashes sit at bytes 8, 13, 18 and 23.
  static const size_t kOffsets[5] = {0, 8, 16, 24, 28};
  static const uint64_t kNeed[5] = {0x8080808080808080ULL, 0x8080008080808000ULL,
                                    0x0080808080008080ULL, 0x8080808080808080ULL,
                                    0x8080808080808080ULL};
  for (int w = 0; w < 5; ++w) {
    uint64_t x, lowered;
    std::memcpy(&x, in.data() + kOffsets[w], 8);
    if ((HexLanes(x, &lowered) & kNeed[w]) != kNeed[w]) return false;
    std::memcpy(buf + kOffsets[w], &lowered, 8);
  }
  buf[8] = buf[13] = buf[18] = buf[23] = '-';
  return true;
}
#endif

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

}  // namespace

size_t WriteTimestamp(std::string_view in, char* out) {
  Timestamp t;
  if (!ParseTimestamp(in, &t)) return 0;
  // Already canonical (UTC, at most 6 fraction digits, no trailing zero): FormatUtc would write
  // exactly the input.
  if (in.back() == 'Z' && t.frac_len <= 6 && (t.frac_len == 0 || t.frac[t.frac_len - 1] != '0')) {
    std::memcpy(out, in.data(), in.size());
    return in.size();
  }
  if (!ShiftToUtc(&t)) return 0;
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

bool IsValidDuration(std::string_view in) {
  size_t i = 0;
  if (i < in.size() && in[i] == '-') ++i;
  if (i >= in.size() || in[i] != 'P') return false;
  ++i;
  static const char kDate[] = "YMWD";
  static const char kTime[] = "HMS";
  const char* order = kDate;
  size_t next = 0;  // index in `order` of the next allowed designator
  bool any = false, in_time = false, time_any = false;
  while (i < in.size()) {
    if (in[i] == 'T') {
      if (in_time) return false;
      in_time = true;
      order = kTime;
      next = 0;
      ++i;
      continue;
    }
    size_t digits = 0;
    while (i < in.size() && IsDigit(in[i])) ++i, ++digits;
    if (digits > 0 && i < in.size() && (in[i] == '.' || in[i] == ',')) {
      ++i;
      size_t frac = 0;
      while (i < in.size() && IsDigit(in[i])) ++i, ++frac;
      if (frac == 0) return false;
    }
    if (digits == 0 || i >= in.size()) return false;
    const char* found = std::strchr(order + next, in[i]);
    if (found == nullptr || in[i] == '\0') return false;
    next = static_cast<size_t>(found - order) + 1;
    any = true;
    time_any = time_any || in_time;
    ++i;
  }
  return any && (!in_time || time_any);
}

bool IsValidJsonNumber(std::string_view in) {
  const char* p = in.data();
  const char* const end = p + in.size();
  auto digit = [&end](const char* q) { return q != end && static_cast<unsigned char>(*q - '0') < 10; };
  if (p != end && *p == '-') ++p;
  if (!digit(p)) return false;
  if (*p++ != '0') {
    while (digit(p)) ++p;
  }
  if (p != end && *p == '.') {
    if (!digit(++p)) return false;
    while (digit(p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    if (!digit(p)) return false;
    while (digit(p)) ++p;
  }
  return p == end;
}

bool IsValidJsonNumberPadded(std::string_view in) {
  const size_t n = in.size();
  if (n == 0 || n > 8) return IsValidJsonNumber(in);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  uint64_t w;
  std::memcpy(&w, in.data(), 8);
  const uint64_t lanes = (n == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1) & (kOnes * 0x80);
  // 0x80 in each byte that is '0'..'9' (7-bit range check, bytes >= 0x80 excluded).
  const uint64_t v = w & (kOnes * 0x7F);
  const uint64_t digit = ~(v + kOnes * (0x7F - '9')) & (v + kOnes * (0x80 - '0')) & ~w & (kOnes * 0x80);
  const size_t start = in[0] == '-' ? 1 : 0;
  const uint64_t other = lanes & ~digit & ~(start != 0 ? uint64_t{0x80} : 0);
  if (n == start) return false;
  size_t dot = n;  // position of the one non-digit after the sign, if any
  if (other != 0) {
    if ((other & (other - 1)) != 0) return IsValidJsonNumber(in);  // exponent, or invalid
    dot = static_cast<size_t>(__builtin_ctzll(other)) / 8;
    if (in[dot] != '.') return IsValidJsonNumber(in);
    if (dot == start || dot == n - 1) return false;  // digits needed on both sides
  }
  return in[start] != '0' || dot == start + 1;  // no leading zero before more digits
}

IntegerParse ParseJsonInteger(std::string_view in, int64_t* value) {
  if (!IsValidJsonNumber(in)) return IntegerParse::kInvalid;
  const bool negative = in[0] == '-';
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : uint64_t{std::numeric_limits<int64_t>::max()};
  for (size_t i = negative ? 1 : 0; i < in.size(); ++i) {
    if (!IsDigit(in[i])) return IntegerParse::kNotInteger;
  }
  for (size_t i = negative ? 1 : 0; i < in.size(); ++i) {
    const uint64_t d = static_cast<uint64_t>(in[i] - '0');
    if (magnitude > (limit - d) / 10) return IntegerParse::kOutOfRange;
    magnitude = magnitude * 10 + d;
  }
  *value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return IntegerParse::kOk;
}

}  // namespace mews
