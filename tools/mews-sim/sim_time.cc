#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

void AppendUtc(std::string* out, int64_t micros, int fraction_digits, char extra_digit) {
  AppendTimestampWithDigits(out, micros, extra_digit != '\0' ? 6 : fraction_digits);
  if (extra_digit != '\0') out->insert(out->size() - 1, 1, extra_digit);  // before the 'Z'
}

std::string FormatUtc(int64_t micros, int fraction_digits) {
  std::string s;
  AppendUtc(&s, micros, fraction_digits);
  return s;
}

std::string FormatHttpDate(int64_t seconds) {
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int64_t days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  const std::string t = FormatUtc(seconds * kMicrosPerSecond);  // "YYYY-MM-DDTHH:MM:SSZ"
  return std::string(kDays[((days % 7) + 7) % 7]) + ", " + t.substr(8, 2) + " " + kMonths[m - 1] + " " +
         std::to_string(y) + " " + t.substr(11, 8) + " GMT";
}

}  // namespace mews::sim
