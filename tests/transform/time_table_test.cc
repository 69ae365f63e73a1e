// The transform's timestamp fast path against core/time.h: the same table, the same answers.
#include <doctest/doctest.h>

#include "core/time.h"
#include "tests/support/time_cases.h"
#include "transform/values.h"

using namespace mews;

TEST_SUITE("transform.time_table") {
  TEST_CASE("AppendTimestamp accepts and rewrites exactly as the core parser and writer") {
    for (const test::TimestampCase& c : test::kTimestampCases) {
      CAPTURE(c.input);
      std::string fast = "x";
      const bool accepted = AppendTimestamp(c.input, &fast);
      char buf[kMaxTimestampSize];
      const size_t n = CanonicalizeTimestamp(c.input, buf);
      CHECK(accepted == (c.canonical != nullptr));
      CHECK(accepted == (n != 0));
      if (accepted) {
        CHECK(fast == "x" + std::string(c.canonical));
        CHECK(fast.substr(1) == std::string(buf, n));
      } else {
        CHECK(fast == "x");
      }
    }
  }

  TEST_CASE("the date check agrees with the core's") {
    for (const char* d : {"2024-02-29", "2023-02-29", "0001-01-01", "0000-01-01", "9999-12-31", "2024-04-31",
                          "2024-4-30", "2024-01-01T00:00:00Z", "", "2024-01-0a"}) {
      CAPTURE(d);
      CHECK(IsValidDate(d) == ParseDate(d).has_value());
    }
  }
}
