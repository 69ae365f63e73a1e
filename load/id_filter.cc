#include "load/id_filter.h"

#include "core/hash.h"

namespace mews {

namespace {

// Four probe positions from one 64-bit hash (double hashing).
template <typename F>
void Probes(std::string_view id, uint64_t mask, F&& f) {
  const uint64_t h = Hash64(id);
  const uint64_t step = (h >> 32 | h << 32) | 1;
  for (uint64_t i = 0, p = h; i < 4; ++i, p += step) f(p & mask);
}

}  // namespace

IdFilter::IdFilter(size_t bytes) {
  size_t words = 1;
  while (words * 2 * 8 <= bytes) words *= 2;
  words_.assign(words, 0);
  bit_mask_ = words * 64 - 1;
}

void IdFilter::Add(std::string_view id) {
  Probes(id, bit_mask_, [this](uint64_t bit) { words_[bit >> 6] |= uint64_t{1} << (bit & 63); });
}

bool IdFilter::MayContain(std::string_view id) const {
  bool all = true;
  Probes(id, bit_mask_, [&](uint64_t bit) { all = all && (words_[bit >> 6] >> (bit & 63) & 1); });
  return all;
}

bool IdFilter::TestAndAdd(std::string_view id) {
  bool all = true;
  Probes(id, bit_mask_, [&](uint64_t bit) {
    uint64_t& word = words_[bit >> 6];
    const uint64_t mask = uint64_t{1} << (bit & 63);
    all = all && (word & mask);
    word |= mask;
  });
  return all;
}

}  // namespace mews
