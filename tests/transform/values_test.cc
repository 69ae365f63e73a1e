#include <doctest/doctest.h>

#include <cstring>
#include <functional>
#include <string>

#include "transform/values.h"

using namespace mews;

namespace {

struct Case {
  const char* in;
  const char* out;  // nullptr: the input is refused
};

// Runs an Append* parser over `cases`; a refused input must leave the output untouched.
template <typename Fn>
void CheckAppend(Fn fn, const Case* cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    CAPTURE(cases[i].in);
    std::string out = "prefix:";
    const bool ok = fn(cases[i].in, &out);
    if (cases[i].out == nullptr) {
      CHECK_FALSE(ok);
      CHECK(out == "prefix:");
    } else {
      CHECK(ok);
      CHECK(out == std::string("prefix:") + cases[i].out);
    }
  }
}

}  // namespace

TEST_SUITE("transform.unit") {
  TEST_CASE("uuids are validated and lower-cased") {
    const Case cases[] = {
        {"880d34dd-3f2c-47c8-93c5-6e7252af7625", "880d34dd-3f2c-47c8-93c5-6e7252af7625"},
        {"880D34DD-3F2C-47C8-93C5-6E7252AF7625", "880d34dd-3f2c-47c8-93c5-6e7252af7625"},
        {"00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"},
        {"880d34dd-3f2c-47c8-93c5-6e7252af762", nullptr},     // 35 characters
        {"880d34dd-3f2c-47c8-93c5-6e7252af76255", nullptr},   // 37 characters
        {"880d34dd3f2c-47c8-93c5-6e7252af76255", nullptr},    // dash missing
        {"880d34dd-3f2c-47c8-93c5-6e7252af762g", nullptr},    // not hex
        {"{880d34dd-3f2c-47c8-93c5-6e7252af76}", nullptr},
        {"880d34dd_3f2c_47c8_93c5_6e7252af7625", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76G5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76@5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76`5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76\xB0" "5", nullptr},  // 0xB0 & 0x7F is '0'
        {"880d34dd-3f2c-47c8-93c5-6e7252af76:5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76/5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76 5", nullptr},
        {"ABCDEFAB-CDEF-ABCD-EFAB-CDEFABCDEF09", "abcdefab-cdef-abcd-efab-cdefabcdef09"},
        {"880d34dd-3f2c-47c8-93c5-6e7252afABCD", "880d34dd-3f2c-47c8-93c5-6e7252afabcd"},  // last bytes
        {"880d34dd-3f2c-47c8-93c5-6e7252af-625", nullptr},  // a dash among the last hex digits
        {"880d34dd-3f2c-47c8-93c5a6e7252af7625", nullptr},  // hex where the last dash belongs
        {"880d34dd-3f2c-47c8a93c5-6e7252af7625", nullptr},  // hex where the third dash belongs
        {"880d34dd-3f2c-47c8-93c5-6e7252af762-", nullptr},
        {"-80d34dd-3f2c-47c8-93c5-6e7252af7625", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76%5", nullptr},
        {"880d34dd-3f2c-47c8-93c5-6e7252af76\xC3\xA9", nullptr},  // 36 bytes with a 2-byte letter
        {"", nullptr},
    };
    CheckAppend(AppendUuid, cases, std::size(cases));
  }

  TEST_CASE("timestamps are normalized to UTC with at most six fraction digits") {
    const Case cases[] = {
        {"2023-11-29T14:49:29Z", "2023-11-29T14:49:29Z"},
        {"2023-11-29T14:49:29.982Z", "2023-11-29T14:49:29.982Z"},
        {"2023-11-29T14:49:29.9820Z", "2023-11-29T14:49:29.982Z"},
        {"2023-11-29T14:49:29.1234567Z", "2023-11-29T14:49:29.123456Z"},  // 7th digit truncated
        {"2023-11-29T14:49:29.9999999Z", "2023-11-29T14:49:29.999999Z"},  // never rounded up
        {"2023-11-29T14:49:29.0000000Z", "2023-11-29T14:49:29Z"},
        {"2023-11-29T14:49:29.5Z", "2023-11-29T14:49:29.5Z"},
        {"2023-11-29T14:49:29.000001Z", "2023-11-29T14:49:29.000001Z"},
        {"2023-11-29T14:49:29.100000Z", "2023-11-29T14:49:29.1Z"},
        {"2023-11-29T14:49:29.1234560Z", "2023-11-29T14:49:29.123456Z"},
        {"2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"},
        {"2023-11-29T14:49:29.12a4Z", nullptr},
        {"2023-11-29T14:49:29.Z", nullptr},
        {"2023-11-29T14:49:29Z0", nullptr},
        {"2023-11-29T14:4a:29Z", nullptr},
        {"2023-11-29t14:49:29Z", nullptr},
        {"2023-11-31T14:49:29Z", nullptr},
        {"2024-03-01T01:30:00+02:00", "2024-02-29T23:30:00Z"},    // back across a leap day
        {"2023-03-01T00:30:00+01:00", "2023-02-28T23:30:00Z"},    // no leap day in 2023
        {"2023-12-31T22:00:00-05:00", "2024-01-01T03:00:00Z"},    // forward across a year
        {"2024-02-28T23:00:00-01:00", "2024-02-29T00:00:00Z"},
        {"2100-03-01T00:00:00+00:01", "2100-02-28T23:59:00Z"},    // 2100 is not a leap year
        {"2000-03-01T00:00:00+00:01", "2000-02-29T23:59:00Z"},    // 2000 is
        {"2023-06-30T23:45:10.25-0130", "2023-07-01T01:15:10.25Z"},
        {"2023-06-30T12:00:00+00:00", "2023-06-30T12:00:00Z"},
        {"2023-06-30T12:00:00+14:00", "2023-06-29T22:00:00Z"},
        {"9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.999999Z"},
        {"0001-01-01T00:30:00+01:00", nullptr},  // before year 1 in UTC
        {"9999-12-31T23:30:00-01:00", nullptr},  // after year 9999 in UTC
        {"2023-13-01T00:00:00Z", nullptr},
        {"2023-02-29T00:00:00Z", nullptr},
        {"2023-04-31T00:00:00Z", nullptr},
        {"2023-01-01T24:00:00Z", nullptr},
        {"2023-01-01T23:60:00Z", nullptr},
        {"2023-01-01T23:59:60Z", nullptr},
        {"2023-01-01T00:00:00", nullptr},          // no zone
        {"2023-01-01T00:00:00z", nullptr},
        {"2023-01-01 00:00:00Z", nullptr},
        {"2023-01-01T00:00:00.Z", nullptr},        // empty fraction
        {"2023-01-01T00:00:00.12345678Z", nullptr},  // 8 digits
        {"2023-01-01T00:00:00+24:00", nullptr},
        {"2023-01-01T00:00:00+01:60", nullptr},
        {"2023-01-01T00:00:00+1:00", nullptr},
        {"2023-01-01T00:00:00Z ", nullptr},
        {"2023-01-01", nullptr},
        {"", nullptr},
    };
    CheckAppend(AppendTimestamp, cases, std::size(cases));
  }

  TEST_CASE("dates are validated against the calendar") {
    const Case cases[] = {
        {"2024-02-29", "2024-02-29"}, {"2023-12-31", "2023-12-31"}, {"0001-01-01", "0001-01-01"},
        {"2023-02-29", nullptr},      {"2024-13-01", nullptr},      {"2024-04-31", nullptr},
        {"2024-00-10", nullptr},      {"2024-01-00", nullptr},      {"2024-1-01", nullptr},
        {"0000-01-01", nullptr},      {"2024-01-01T00:00:00Z", nullptr}, {"", nullptr},
    };
    CheckAppend(static_cast<bool (*)(std::string_view, std::string*)>(AppendDate), cases, std::size(cases));
  }

  TEST_CASE("durations are checked loosely and kept as given") {
    for (const char* ok : {"P0Y0M1DT0H0M0S", "P2DT23H", "-P1D", "PT0.5S", "P2W", "P1Y2M3DT4H5M6S",
                           "PT36H", "P0D", "PT1,5S"}) {
      CAPTURE(ok);
      CHECK(IsValidDuration(ok));
    }
    for (const char* bad : {"", "P", "PT", "1D", "P1H", "PT1D", "P1M1Y", "P1.D", "P1DT", "P-1D",
                            "-", "P1D2", "p1d", "P1DT1H1H"}) {
      CAPTURE(bad);
      CHECK_FALSE(IsValidDuration(bad));
    }
  }

  TEST_CASE("the padded number check agrees with the grammar on every short string") {
    // Every string of up to 6 bytes over an alphabet that exercises each rule, and longer ones.
    const char kAlphabet[] = {'-', '0', '1', '9', '.', 'e', '+', ' ', '\xC3'};
    std::string s;
    size_t checked = 0;
    std::function<void()> walk = [&]() {
      std::string padded = s + std::string(8, '7');  // readable bytes that must not matter
      CAPTURE(s);
      CHECK(IsValidJsonNumberPadded(std::string_view(padded.data(), s.size())) == IsValidJsonNumber(s));
      ++checked;
      if (s.size() == 6) return;
      for (char c : kAlphabet) {
        s.push_back(c);
        walk();
        s.pop_back();
      }
    };
    walk();
    CHECK(checked == 597871);  // 1 + 9 + 9^2 + ... + 9^6
    for (const char* text : {"12345678", "1234567.", "-1234567", "0.123456", "123456789", "1.5e10",
                             "-0.00000001", "1234567.8", "00000000"}) {
      CAPTURE(text);
      const std::string padded = std::string(text) + std::string(8, '7');
      CHECK(IsValidJsonNumberPadded(std::string_view(padded.data(), std::strlen(text))) ==
            IsValidJsonNumber(text));
    }
  }

  TEST_CASE("decimal text must follow the JSON number grammar") {
    for (const char* ok : {"-3700.0", "1E+2", "0", "-0", "93.46", "-0.5e-3", "123456789012345678901234567890.5"}) {
      CAPTURE(ok);
      CHECK(IsValidJsonNumber(ok));
    }
    for (const char* bad : {"", "01", "1.", ".5", "+1", "1e", "1e+", "NaN", "--1", "1.2.3", "0x10", "1 "}) {
      CAPTURE(bad);
      CHECK_FALSE(IsValidJsonNumber(bad));
    }
  }

  TEST_CASE("integers are range-checked and must be written as integers") {
    struct IntCase {
      const char* in;
      IntegerParse result;
      int64_t value;
    } cases[] = {
        {"5", IntegerParse::kOk, 5},
        {"-0", IntegerParse::kOk, 0},
        {"9223372036854775807", IntegerParse::kOk, INT64_MAX},
        {"-9223372036854775808", IntegerParse::kOk, INT64_MIN},
        {"9223372036854775808", IntegerParse::kOutOfRange, 0},
        {"-9223372036854775809", IntegerParse::kOutOfRange, 0},
        {"99999999999999999999999", IntegerParse::kOutOfRange, 0},
        {"5.0", IntegerParse::kNotInteger, 0},
        {"1e3", IntegerParse::kNotInteger, 0},
        {"abc", IntegerParse::kInvalid, 0},
        {"05", IntegerParse::kInvalid, 0},
        {"", IntegerParse::kInvalid, 0},
    };
    for (const IntCase& c : cases) {
      CAPTURE(c.in);
      int64_t v = 0;
      CHECK(ParseJsonInteger(c.in, &v) == c.result);
      if (c.result == IntegerParse::kOk) CHECK(v == c.value);
    }
  }

  TEST_CASE("UTF-8 validation refuses malformed sequences") {
    for (const char* ok : {"", "plain", "caf\xC3\xA9", "\xE6\x9D\xB1\xE4\xBA\xAC", "\xF0\x9F\x98\x80",
                           "\xF4\x8F\xBF\xBF"}) {
      CHECK(IsValidUtf8(ok));
    }
    for (const char* bad : {"\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xFF", "a\x80", "\xE6\x9D"}) {
      CHECK_FALSE(IsValidUtf8(bad));
    }
  }

  TEST_CASE("UTF-8 validation finds a malformed sequence at any position of a long ASCII text") {
    const std::string ascii(40, 'a');
    CHECK(IsValidUtf8(ascii));
    for (size_t pos = 0; pos <= ascii.size(); ++pos) {
      for (const char* bad : {"\xC3", "\xED\xA0\x80", "\xFF", "\x80"}) {
        const std::string text = ascii.substr(0, pos) + bad + ascii.substr(pos);
        CHECK_MESSAGE(!IsValidUtf8(text), "at byte ", pos);
      }
      CHECK(IsValidUtf8(ascii.substr(0, pos) + "\xE6\x9D\xB1" + ascii.substr(pos)));
    }
  }

  TEST_CASE("a \\u escape is found in raw JSON string text, an escaped backslash before u is not one") {
    for (const char* yes : {R"(\u00e9)", R"(abc\u0041)", R"(\n\t\ud800)", R"(\\\u0041)", R"(a\"b\\c\u0000)"}) {
      CHECK_MESSAGE(HasUnicodeEscape(yes), yes);
    }
    for (const char* no : {"", "plain u", R"(\n\t\r)", R"(\\u0041)", R"(a\\\\u)", R"(\/u)", "\\"}) {
      CHECK_MESSAGE(!HasUnicodeEscape(no), no);
    }
  }

  TEST_CASE("NUL characters in text become U+FFFD") {
    std::string out;
    AppendTextReplacingNul(std::string("a\0b\0", 4), &out);
    CHECK(out == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    out.clear();
    AppendTextReplacingNul("no nul", &out);
    CHECK(out == "no nul");
  }

  TEST_CASE("JSON string escaping covers quotes, backslashes, controls and NUL") {
    std::string out;
    AppendJsonEscaped(std::string("a\"b\\c\n\r\t\x01\0\xC3\xA9", 12), &out, JsonNul::kReplace);
    CHECK(out == "a\\\"b\\\\c\\n\\r\\t\\u0001\\ufffd\xC3\xA9");
  }

  TEST_CASE("a \\u0000 escape inside JSON text becomes \\ufffd, an escaped backslash does not") {
    std::string out;
    AppendJsonReplacingNulEscapes(R"({"a":"x\u0000y","b":["\\u0000"]})", &out);
    CHECK(out == R"({"a":"x\ufffdy","b":["\\u0000"]})");
    out.clear();
    AppendJsonReplacingNulEscapes(R"(["\\\u0000"])", &out);
    CHECK(out == R"(["\\\ufffd"])");
  }

  TEST_CASE("JSON validation accepts any depth and refuses what simdjson would skip") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    for (const std::string& ok : {std::string("{}"), std::string("[1,\"a\",{\"b\":null}]"),
                                  std::string(" true "), std::string("\"\\ud83d\\ude00\""), deep,
                                  std::string("{\"a\":[-1.5e3,false,{}]}")}) {
      CHECK(IsValidJson(ok));
    }
    for (const char* bad : {"", "[1,]", "{\"a\" 1}", "tru", "[1 2]", "\"\\x\"", "\"\\ud800\"",
                            "\"\\udc00\"", "{\"a\":1}}", "01", "[", "{\"a\":1,}", "nul", "[1]x",
                            "\"a\tb\""}) {
      CAPTURE(bad);
      CHECK_FALSE(IsValidJson(bad));
    }
    CHECK_FALSE(IsValidJson(std::string(10000, '[') + std::string(9999, ']')));
  }
}
