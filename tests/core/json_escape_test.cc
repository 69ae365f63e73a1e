#include <doctest/doctest.h>

#include "core/json_escape.h"

using namespace mews;

TEST_SUITE("core.json_escape") {
  TEST_CASE("quotes, backslashes and controls are escaped, UTF-8 and DEL are kept") {
    CHECK(JsonQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(JsonQuote("x\ny\t\r\b\f") == "\"x\\ny\\t\\r\\b\\f\"");
    CHECK(JsonQuote(std::string("\x01\x1f\x7f", 3)) == "\"\\u0001\\u001f\x7f\"");
    CHECK(JsonQuote("Zürich ☃") == "\"Zürich ☃\"");
    CHECK(JsonQuote("") == "\"\"");
  }

  TEST_CASE("NUL is \\u0000, or \\ufffd where the text is bound for a database") {
    const std::string nul("a\0b", 3);
    std::string out;
    AppendJsonEscaped(nul, &out);
    CHECK(out == "a\\u0000b");
    out.clear();
    AppendJsonEscaped(nul, &out, JsonNul::kReplace);
    CHECK(out == "a\\ufffdb");
  }

  TEST_CASE("every byte below 0x20 comes out as an escape, and appending keeps what was there") {
    std::string all;
    for (int c = 0; c < 0x20; ++c) all.push_back(static_cast<char>(c));
    std::string out = "prefix:";
    AppendJsonEscaped(all, &out);
    CHECK(out.rfind("prefix:", 0) == 0);
    for (size_t i = 7; i < out.size(); ++i) CHECK(static_cast<unsigned char>(out[i]) >= 0x20);
    CHECK(out.find("\\u000b") != std::string::npos);
  }
}
