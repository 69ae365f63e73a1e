#include <doctest/doctest.h>

#include "app/clock.h"

using namespace mews;

TEST_SUITE("app.clock") {
  TEST_CASE("instants round-trip through the canonical form") {
    for (const char* s : {"1970-01-01T00:00:00Z", "2024-02-29T23:59:59.5Z", "2026-11-29T00:33:08.123456Z",
                          "1969-12-31T23:59:59.999999Z", "2000-03-01T00:00:00Z"}) {
      CAPTURE(s);
      Result<Micros> t = ParseInstant(s, "x");
      REQUIRE(t.ok());
      CHECK(FormatInstant(*t) == s);
    }
  }

  TEST_CASE("offsets, bare dates and 7-digit fractions are understood") {
    CHECK(FormatInstant(*ParseInstant("2024-03-01T01:30:00+02:00", "x")) == "2024-02-29T23:30:00Z");
    CHECK(FormatInstant(*ParseInstant("2024-12-31T23:30:00-01:00", "x")) == "2025-01-01T00:30:00Z");
    CHECK(FormatInstant(*ParseInstant("2024-01-05", "x")) == "2024-01-05T00:00:00Z");
    CHECK(FormatInstant(*ParseInstant("2024-01-05T10:00:00.1234567Z", "x")) == "2024-01-05T10:00:00.123456Z");
    CHECK(FormatDate(*ParseInstant("2024-01-05T23:59:59Z", "x")) == "2024-01-05");
  }

  TEST_CASE("malformed instants name the flag") {
    for (const char* s : {"", "2024-13-01", "2023-02-29", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00",
                          "2024-01-01 10:00:00Z", "2024-01-01T10:00:00.Z", "yesterday"}) {
      CAPTURE(s);
      Result<Micros> t = ParseInstant(s, "--since");
      REQUIRE_FALSE(t.ok());
      CHECK(t.status().code() == StatusCode::kInvalidArgument);
      CHECK(t.status().message().rfind("--since: ", 0) == 0);
    }
  }
}
