// IdFilter, the Bloom filter both sinks' paths into empty tables rely on: no false negatives, and
// TestAndAdd answers as MayContain did before the Add.
#include <doctest/doctest.h>

#include <string>

#include "load/id_filter.h"

namespace mews {
namespace {

TEST_CASE("IdFilter never forgets an id, and a small filter still says no to most others") {
  IdFilter filter(size_t{1} << 16);  // 512k bits
  for (int i = 0; i < 20000; i += 2) filter.Add("id-" + std::to_string(i));
  int maybes = 0;
  for (int i = 0; i < 20000; ++i) {
    const bool maybe = filter.MayContain("id-" + std::to_string(i));
    if (i % 2 == 0) CHECK(maybe);
    else maybes += maybe;
  }
  CHECK(maybes < 100);  // 10k ids in 512k bits, four probes: about 0.003% expected
}

TEST_CASE("IdFilter::TestAndAdd is false the first time an id comes and true after") {
  IdFilter filter(1024);
  CHECK_FALSE(filter.TestAndAdd("a"));
  CHECK(filter.TestAndAdd("a"));
  CHECK(filter.MayContain("a"));
}

}  // namespace
}  // namespace mews
