// A Bloom filter over the ids of one load, shared by both sinks' paths into empty tables.
// Internal to load/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mews {

// MayContain is false for an id certainly not added yet (no false negatives); true may be wrong.
// Fixed size whatever the load's size: with 8 MiB and four probes, 3 million ids give about one
// false "maybe" in a thousand, 10 million about one in twenty.
class IdFilter {
 public:
  static constexpr size_t kDefaultBytes = size_t{8} << 20;

  explicit IdFilter(size_t bytes = kDefaultBytes);  // rounded down to a power of two, at least 8
  void Add(std::string_view id);
  bool MayContain(std::string_view id) const;
  // Adds `id`; returns whether it may have been added before (MayContain before the Add).
  bool TestAndAdd(std::string_view id);

 private:
  std::vector<uint64_t> words_;
  uint64_t bit_mask_;  // number of bits - 1
};

}  // namespace mews
