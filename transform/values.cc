#include "transform/values.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
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

bool IsDecimalInDoubleRange(std::string_view in) {
  if (in.size() <= 300 && in.find_first_of("eE") == std::string_view::npos) return true;
  const std::string text(in);
  return std::isfinite(std::strtod(text.c_str(), nullptr));
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
