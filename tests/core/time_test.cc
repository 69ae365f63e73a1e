#include <doctest/doctest.h>

#include "core/time.h"
#include "tests/support/time_cases.h"

using namespace mews;

TEST_SUITE("core.time") {
  TEST_CASE("the timestamp table: accepted inputs parse to the instant whose canonical form is given") {
    for (const test::TimestampCase& c : test::kTimestampCases) {
      CAPTURE(c.input);
      std::optional<Micros> t = ParseTimestamp(c.input);
      REQUIRE(t.has_value() == (c.canonical != nullptr));
      if (!t) continue;
      CHECK(FormatTimestamp(*t) == c.canonical);
      CHECK(ParseTimestamp(c.canonical) == t);  // the canonical form is a timestamp of the same instant
      char buf[kMaxTimestampSize];
      CHECK(std::string(buf, CanonicalizeTimestamp(c.input, buf)) == c.canonical);
    }
  }

  TEST_CASE("dates: valid fields only, and a date is its midnight UTC for the command line") {
    CHECK(ParseDate("1970-01-02") == 1);
    CHECK(ParseDate("2024-02-29").has_value());
    for (const char* bad : {"2023-02-29", "2024-1-01", "2024-01-01T00:00:00Z", "0000-01-01", "2024-01-32", ""}) {
      CAPTURE(bad);
      CHECK_FALSE(ParseDate(bad).has_value());
    }
    CHECK(ParseTimestampOrDate("2024-01-05") == ParseTimestamp("2024-01-05T00:00:00Z"));
    CHECK(ParseTimestampOrDate("2024-01-05T02:00:00+0200") == ParseTimestamp("2024-01-05T00:00:00Z"));
    CHECK(FormatDate(*ParseDate("2024-02-29")) == "2024-02-29");
    CHECK(FormatDateOf(*ParseTimestamp("2024-01-05T23:59:59.999999Z")) == "2024-01-05");
    CHECK(FormatDateOf(*ParseTimestamp("1969-12-31T23:59:59Z")) == "1969-12-31");
  }

  TEST_CASE("fixed fraction digits truncate and keep zeros") {
    const Micros t = *ParseTimestamp("2024-01-05T10:00:00.120056Z");
    std::string out;
    AppendTimestampWithDigits(&out, t, 0);
    CHECK(out == "2024-01-05T10:00:00Z");
    out.clear();
    AppendTimestampWithDigits(&out, t, 3);
    CHECK(out == "2024-01-05T10:00:00.120Z");
    out.clear();
    AppendTimestampWithDigits(&out, t, 6);
    CHECK(out == "2024-01-05T10:00:00.120056Z");
  }

  TEST_CASE("comparison is by instant, non-timestamps sort first and bytewise") {
    CHECK(CompareTimestamps("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5Z") < 0);
    CHECK(CompareTimestamps("2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.500000Z") == 0);
    CHECK(CompareTimestamps("2024-01-01T00:00:01Z", "2024-01-01T00:00:00.999999Z") > 0);
    CHECK(CompareTimestamps("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z") == 0);
    CHECK(CompareTimestamps("2024-01-01T01:00:00+0200", "2024-01-01T00:00:00Z") < 0);
    CHECK(CompareTimestamps("garbage", "2024-01-01T00:00:00Z") < 0);
    CHECK(CompareTimestamps("2024-01-01T00:00:00Z", "garbage") > 0);
    CHECK(CompareTimestamps("a", "b") < 0);
    CHECK(CanonicalTimestampOr("2024-01-01T00:00:00.120000Z") == "2024-01-01T00:00:00.12Z");
    CHECK(CanonicalTimestampOr("not a time") == "not a time");
  }

  TEST_CASE("the fixed clock moves only when told, and sleeping moves both of its times") {
    FixedClock clock(*ParseTimestamp("2026-01-01T00:00:00Z"));
    CHECK(clock.NowTimestamp() == "2026-01-01T00:00:00Z");
    const Clock::SteadyTime before = clock.MonotonicNow();
    clock.SleepFor(std::chrono::milliseconds(1500));
    CHECK(clock.NowTimestamp() == "2026-01-01T00:00:01.5Z");
    CHECK(clock.MonotonicNow() - before == std::chrono::milliseconds(1500));
    clock.Set(0);
    CHECK(clock.NowMicros() == 0);
    CHECK(ToMicros(FromMicros(123456789)) == 123456789);
  }

  TEST_CASE("the system clock is now-ish and monotonic") {
    Clock* clock = Clock::System();
    CHECK(clock->NowMicros() > *ParseTimestamp("2024-01-01T00:00:00Z"));
    const Clock::SteadyTime a = clock->MonotonicNow();
    CHECK(clock->MonotonicNow() >= a);
    CHECK(ParseTimestamp(clock->NowTimestamp()).has_value());
  }
}
