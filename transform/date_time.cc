// Date and date-time values of the transform stage (see values.h). The fast path recognizes text
// that is already canonical (core/time.h), 8 bytes at a time, and copies it; everything else goes
// through core's parser and writer. tests/transform/time_table_test.cc holds both to the same cases.
#include <algorithm>
#include <cstring>

#include "core/civil_date.h"
#include "core/time.h"
#include "transform/values.h"

namespace mews {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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
  // Offsets, seven fraction digits, trailing zeros: the one parser and writer of core/time.h.
  return CanonicalizeTimestamp(in, out);
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
