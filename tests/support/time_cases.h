// The timestamp cases every reader of timestamps is held to: core/time.h's parser and writer
// (tests/core/time_test.cc), the transform's fast path (tests/transform/time_table_test.cc) and the
// command line (tests/app/cli_test.cc). One table, so that no stage can drift from the others.
#pragma once

namespace mews::test {

struct TimestampCase {
  const char* input;
  const char* canonical;  // nullptr: refused
};

inline constexpr TimestampCase kTimestampCases[] = {
    // Canonical already: unchanged.
    {"1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"},
    {"2024-02-29T23:59:59.5Z", "2024-02-29T23:59:59.5Z"},
    {"2026-11-29T00:33:08.123456Z", "2026-11-29T00:33:08.123456Z"},
    {"1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"},
    {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
    {"9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z"},
    // Fractions: trailing zeros go, a seventh digit is truncated, all-zero vanishes.
    {"2024-01-05T10:00:00.120000Z", "2024-01-05T10:00:00.12Z"},
    {"2024-01-05T10:00:00.0Z", "2024-01-05T10:00:00Z"},
    {"2024-01-05T10:00:00.000000Z", "2024-01-05T10:00:00Z"},
    {"2024-01-05T10:00:00.1234567Z", "2024-01-05T10:00:00.123456Z"},
    {"2024-01-05T10:00:00.0000009Z", "2024-01-05T10:00:00Z"},
    // Offsets: +hh:mm, -hh:mm, +hhmm, -hhmm, across days, months and years.
    {"2024-03-01T01:30:00+02:00", "2024-02-29T23:30:00Z"},
    {"2024-03-01T01:30:00+0200", "2024-02-29T23:30:00Z"},
    {"2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"},
    {"2024-12-31T23:30:00-0100", "2025-01-01T00:30:00Z"},
    {"2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z"},
    {"2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00Z"},
    {"2024-06-15T12:00:00.5+05:30", "2024-06-15T06:30:00.5Z"},
    {"2024-06-15T12:00:00.1234567-23:59", "2024-06-16T11:59:00.123456Z"},
    // Refused: no zone, lower case, space, leap second, bad fields, bad fraction, bad zone, range.
    {"2024-01-01T10:00:00", nullptr},
    {"2024-01-01t10:00:00Z", nullptr},
    {"2024-01-01T10:00:00z", nullptr},
    {"2024-01-01 10:00:00Z", nullptr},
    {"2024-01-01T10:00:60Z", nullptr},
    {"2024-01-01T24:00:00Z", nullptr},
    {"2024-01-01T10:60:00Z", nullptr},
    {"2023-02-29T00:00:00Z", nullptr},
    {"2024-13-01T00:00:00Z", nullptr},
    {"2024-00-01T00:00:00Z", nullptr},
    {"2024-04-31T00:00:00Z", nullptr},
    {"0000-01-01T00:00:00Z", nullptr},
    {"2024-01-01T10:00:00.Z", nullptr},
    {"2024-01-01T10:00:00.12345678Z", nullptr},
    {"2024-01-01T10:00:00+24:00", nullptr},
    {"2024-01-01T10:00:00+02:60", nullptr},
    {"2024-01-01T10:00:00+2:00", nullptr},
    {"2024-01-01T10:00:00+02", nullptr},
    {"2024-01-01T10:00:00+02:0", nullptr},
    {"2024-01-01T10:00:00ZZ", nullptr},
    {"2024-01-01T10:00:00Z ", nullptr},
    {" 2024-01-01T10:00:00Z", nullptr},
    {"0001-01-01T00:00:00+00:01", nullptr},
    {"9999-12-31T23:59:59-00:01", nullptr},
    {"2024-01-01", nullptr},
    {"", nullptr},
    {"yesterday", nullptr},
    {"2024-01-01T10:00:00.1234\xC3\xA9Z", nullptr},
};

}  // namespace mews::test
