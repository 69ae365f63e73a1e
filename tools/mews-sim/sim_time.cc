#include "tools/mews-sim/sim_time.h"

#include <chrono>

namespace mews::sim {
namespace {

void Append2(std::string* out, unsigned v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Reads exactly `n` digits at text[*pos]; false when any is not a digit.
bool Digits(std::string_view text, size_t* pos, int n, int64_t* value) {
  if (*pos + n > text.size()) return false;
  int64_t v = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *value = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

}  // namespace

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

void AppendDate(std::string* out, int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  unsigned yy = static_cast<unsigned>(y);
  Append2(out, yy / 100);
  Append2(out, yy % 100);
  out->push_back('-');
  Append2(out, m);
  out->push_back('-');
  Append2(out, d);
}

void AppendUtc(std::string* out, int64_t micros, int fraction_digits, char extra_digit) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  AppendDate(out, days);
  unsigned secs = static_cast<unsigned>(rest / kMicrosPerSecond);
  out->push_back('T');
  Append2(out, secs / 3600);
  out->push_back(':');
  Append2(out, secs / 60 % 60);
  out->push_back(':');
  Append2(out, secs % 60);
  if (fraction_digits > 0 || extra_digit != '\0') {
    out->push_back('.');
    unsigned frac = static_cast<unsigned>(rest % kMicrosPerSecond);
    unsigned div = 100000;
    int digits = extra_digit != '\0' ? 6 : fraction_digits;
    for (int i = 0; i < digits; ++i, div /= 10) {
      out->push_back(static_cast<char>('0' + frac / div % 10));
    }
    if (extra_digit != '\0') out->push_back(extra_digit);
  }
  out->push_back('Z');
}

std::string FormatUtc(int64_t micros, int fraction_digits) {
  std::string s;
  AppendUtc(&s, micros, fraction_digits);
  return s;
}

std::string FormatDate(int64_t days) {
  std::string s;
  AppendDate(&s, days);
  return s;
}

std::string FormatHttpDate(int64_t seconds) {
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days = FloorDiv(seconds, 86400);
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  std::string s = kDays[((days % 7) + 7) % 7];
  s += ", ";
  Append2(&s, d);
  s += ' ';
  s += kMonths[m - 1];
  s += ' ' + std::to_string(y) + ' ';
  std::string t = FormatUtc(seconds * kMicrosPerSecond);
  s += t.substr(11, 8) + " GMT";
  return s;
}

std::optional<int64_t> ParseDate(std::string_view text) {
  size_t pos = 0;
  int64_t y, m, d;
  if (!Digits(text, &pos, 4, &y) || !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &m) ||
      !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &d) || pos != text.size()) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::optional<int64_t> ParseUtc(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  auto days = ParseDate(text.substr(0, 10));
  size_t pos = 10;
  int64_t hh, mm, ss;
  if (!days || !Expect(text, &pos, 'T') || !Digits(text, &pos, 2, &hh) ||
      !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &mm) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &ss) || hh > 23 || mm > 59 || ss > 60) {
    return std::nullopt;
  }
  int64_t frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n < 6) frac = frac * 10 + (text[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (; n < 6; ++n) frac *= 10;
  }
  std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "+00:00") return std::nullopt;
  return *days * kMicrosPerDay + (hh * 3600 + mm * 60 + ss) * kMicrosPerSecond + frac;
}

}  // namespace mews::sim
