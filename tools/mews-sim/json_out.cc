#include "tools/mews-sim/json_out.h"

#include "core/json_escape.h"

namespace mews::sim {
namespace {

// Appends the decimal digits of `v` (no sign).
void AppendUnsigned(std::string* out, uint64_t v) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out->push_back(buf[--n]);
}

}  // namespace

void JsonOut::Int(int64_t v) {
  Sep();
  if (v < 0) {
    out_->push_back('-');
    AppendUnsigned(out_, static_cast<uint64_t>(-(v + 1)) + 1);
  } else {
    AppendUnsigned(out_, static_cast<uint64_t>(v));
  }
  need_comma_ = true;
}

void JsonOut::Money(int64_t hundredths, bool trailing_zero) {
  Sep();
  uint64_t magnitude = hundredths < 0 ? static_cast<uint64_t>(-(hundredths + 1)) + 1
                                      : static_cast<uint64_t>(hundredths);
  if (hundredths < 0) out_->push_back('-');
  AppendUnsigned(out_, magnitude / 100);
  uint64_t frac = magnitude % 100;
  if (frac != 0) {
    out_->push_back('.');
    out_->push_back(static_cast<char>('0' + frac / 10));
    if (frac % 10 != 0) out_->push_back(static_cast<char>('0' + frac % 10));
  } else if (trailing_zero) {
    out_->append(".0", 2);
  }
  need_comma_ = true;
}

void JsonOut::String(std::string_view s) {
  Sep();
  out_->push_back('"');
  AppendJsonEscaped(s, out_);
  out_->push_back('"');
  need_comma_ = true;
}

}  // namespace mews::sim
