// Deterministic pseudo-random numbers and uuids for mews-sim: the same inputs give the same
// outputs on every platform and run (SplitMix64; no std:: distributions, whose output varies).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mews::sim {

inline uint64_t Mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a of `s`, mixed: a stable 64-bit tag for names.
inline uint64_t NameTag(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return Mix64(h);
}

class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}
  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return Mix64(state_);
  }
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // True with probability percent/100.
  bool Percent(unsigned percent) { return Below(100) < percent; }

 private:
  uint64_t state_;
};

// A version-4 layout uuid (lower-case, hyphenated) derived from (a, b).
struct Uuid {
  uint64_t hi;
  uint64_t lo;
};

inline Uuid MakeUuid(uint64_t a, uint64_t b) {
  uint64_t hi = Mix64(a ^ Mix64(b));
  uint64_t lo = Mix64(hi ^ 0x5bd1e9955bd1e995ULL ^ b);
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                          // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  return {hi, lo};
}

// Writes the 36-character text of `u` to buf[0..35].
inline void FormatUuid(Uuid u, char* buf) {
  static const char kHex[] = "0123456789abcdef";
  int pos = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[pos++] = '-';
    uint64_t word = i < 8 ? u.hi : u.lo;
    unsigned byte = static_cast<unsigned>(word >> (56 - 8 * (i % 8))) & 0xFF;
    buf[pos++] = kHex[byte >> 4];
    buf[pos++] = kHex[byte & 15];
  }
}

// Appends the 36-character text of `u`.
inline void AppendUuid(std::string* out, Uuid u) {
  char buf[36];
  FormatUuid(u, buf);
  out->append(buf, 36);
}

}  // namespace mews::sim
