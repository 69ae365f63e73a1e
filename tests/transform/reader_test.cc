// The streaming reader: line ends, blank lines, BOM, exact line numbers, malformed lines, windows
// of every size, lines longer than the window, deep nesting.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/transform/transform_test_util.h"

using namespace mews;
using namespace mews::test;

namespace {

std::string Good(int i, const std::string& name = "n") {
  return R"({"Id":")" + RecordUuid(i) + R"(","Name":")" + name + R"(","Amount":{"Value":)" + std::to_string(i) +
         R"(,"Taxes":[{"Code":"c","Value":1}]}})";
}

std::vector<uint64_t> RowLines(const RunResult& run) {
  std::vector<uint64_t> lines;
  for (const auto& b : run.out.batches) lines.insert(lines.end(), b->lines.begin(), b->lines.end());
  return lines;
}

std::vector<uint64_t> RejectLines(const RunResult& run) {
  std::vector<uint64_t> lines;
  for (const Reject& r : run.out.rejects) lines.push_back(r.line);
  return lines;
}

// A file mixing everything a window boundary can cut: escapes, multi-byte UTF-8, \u escapes,
// long strings, blank and CRLF lines, and malformed lines.
std::string MixedContent() {
  std::string s = "\xEF\xBB\xBF";
  const char* names[] = {"plain", "q\\\"uo\\\\te", "\\u00e9\\u6771\\ud83d\\ude00", "\xC3\xA9\xE6\x9D\xB1",
                         "tab\\tnl\\ncr\\r", "\\u0000nul", "}{][,:"};
  for (int i = 0; i < 300; ++i) {
    std::string name = names[i % 7];
    if (i % 11 == 0) name += std::string(300 + i, 'x');
    s += Good(i, name);
    if (i % 13 == 0) s += "\r";
    s += "\n";
    if (i % 17 == 0) s += "\n   \n";
    if (i % 19 == 0) s += R"({"Id":")" + RecordUuid(i) + R"(","Name":"unterminated)" + "\n";
    if (i % 23 == 0) s += "{\"Id\":\"" + RecordUuid(i) + "\"} {\"Id\":\"" + RecordUuid(i) + "\"}\n";
    if (i % 29 == 0) s += "{\"Id\":\n\"" + RecordUuid(i) + "\"}\n";
    if (i % 31 == 0) s += "[1,2\n";
  }
  return s + Good(1000);  // no final newline
}

}  // namespace

TEST_SUITE("transform.unit") {
  TEST_CASE("CRLF, blank lines, a BOM and a missing final newline keep exact line numbers") {
    const std::string content = "\xEF\xBB\xBF" + Good(1) + "\r\n\r\n" + Good(2) + "\r\n   \n" +
                                "{\"Id\": broken\r\n" + "\n" + Good(3);
    auto run = RunTransform(WriteTempFile("crlf.jsonl", content), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 3, 7});
    REQUIRE(run->out.rejects.size() == 1);
    CHECK(run->out.rejects[0].line == 5);
    CHECK(run->out.rejects[0].raw == "{\"Id\": broken");
    CHECK(run->out.rejects[0].reason.rfind("invalid JSON: ", 0) == 0);
    CHECK(RootValue(*run, 0, "id") == RecordUuid(1));
    CHECK(run->stats.lines == 4);
  }

  TEST_CASE("a truncated last line is a reject, the lines before it are rows") {
    const std::string truncated = Good(3).substr(0, 40);
    auto run = RunTransform(WriteTempFile("trunc.jsonl", Good(1) + "\n" + Good(2) + "\n" + truncated),
                            TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 2});
    REQUIRE(run->out.rejects.size() == 1);
    CHECK(run->out.rejects[0].line == 3);
    CHECK(run->out.rejects[0].raw == truncated);
  }

  TEST_CASE("invalid JSON mid-file is rejected and the stream resumes at the next line") {
    const std::string content = Good(1) + "\n{\"Id\":\"unterminated\n" + Good(2) + "\n" +
                                "{\"Id\":\"x\"} {\"Id\":\"y\"}\n" + Good(3) + "\n" + "{\"Id\":\n" +
                                "\"" + RecordUuid(4) + "\",\"Amount\":{\"Value\":1}}\n" + Good(5) + "\nnull\n" +
                                "{\"Id\":\"" + RecordUuid(6) + "\",\"Amount\":{\"Value\":1}}}\n" + Good(7) + "\n";
    auto run = RunTransform(WriteTempFile("mid.jsonl", content), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 3, 5, 8, 11});
    CHECK(RejectLines(*run) == std::vector<uint64_t>{2, 4, 6, 7, 9, 10});
    CHECK(run->out.rejects[1].raw == "{\"Id\":\"x\"} {\"Id\":\"y\"}");
    CHECK(run->out.rejects[4].reason == "record: expected an object, got null");
  }

  TEST_CASE("invalid UTF-8 in a line is a reject") {
    const std::string content = Good(1) + "\n" + Good(2, "bad \xC3\x28 byte") + "\n" + Good(3) + "\n";
    auto run = RunTransform(WriteTempFile("utf8.jsonl", content), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 3});
    REQUIRE(run->out.rejects.size() == 1);
    CHECK(run->out.rejects[0].line == 2);
    CHECK(run->out.rejects[0].reason == "invalid JSON: The input is not valid UTF-8");
  }

  TEST_CASE("a raw control character inside a string is a reject") {
    const std::string content = Good(1) + "\n" + Good(2, "tab\there") + "\n" +
                                Good(3, std::string("nul\0here", 8)) + "\n" + Good(4) + "\n";
    auto run = RunTransform(WriteTempFile("ctl.jsonl", content), TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 4});
    CHECK(RejectLines(*run) == std::vector<uint64_t>{2, 3});
  }

  TEST_CASE("every window size gives the same rows and rejects as one window") {
    const std::string path = WriteTempFile("mixed.jsonl", MixedContent());
    TransformOptions whole;
    whole.window_bytes = MixedContent().size() + 1;
    whole.batch_rows = 7;  // Render lists rows batch by batch
    auto reference = RunTransform(path, TestMapping(), whole);
    REQUIRE(reference->status.ok());
    CHECK(reference->stats.rows == 301);
    CHECK(reference->stats.rejects == 16 + 14 + 2 * 11 + 10);  // a record over two lines: two rejects
    const std::vector<std::string> expected = Render(*reference);
    for (size_t window : {64, 65, 97, 128, 255, 256, 257, 500, 1000, 1024, 4093, 4096, 65536}) {
      CAPTURE(window);
      TransformOptions options;
      options.window_bytes = window;
      options.batch_rows = 7;
      auto run = RunTransform(path, TestMapping(), options);
      REQUIRE(run->status.ok());
      const std::vector<std::string> got = Render(*run);
      CHECK(got.size() == expected.size());
      for (size_t i = 0; i < std::min(got.size(), expected.size()); ++i) {
        if (got[i] != expected[i]) {
          CHECK(got[i] == expected[i]);
          break;
        }
      }
      CHECK(run->stats.bytes == reference->stats.bytes);
      CHECK(run->stats.lines == reference->stats.lines);
    }
  }

  TEST_CASE("a 10 MB line is read with a 64 KiB window, lines around it keep their numbers") {
    const std::string big(10 << 20, 'z');
    const std::string content = Good(1) + "\n" + Good(2, big) + "\n" + Good(3) + "\n";
    TransformOptions options;
    options.window_bytes = 64 << 10;
    auto run = RunTransform(WriteTempFile("big.jsonl", content), TestMapping(), options);
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 2, 3});
    CHECK(RootValue(*run, 1, "name") == big);
    CHECK(RootValue(*run, 2, "id") == RecordUuid(3));
  }

  TEST_CASE("10000 levels of nesting: kept in _extra when valid, a reject when not") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    const std::string unbalanced = std::string(10000, '[') + std::string(9999, ']');
    const std::string ok = R"({"Id":")" + RecordUuid(1) + R"(","Deep":)" + deep + R"(,"Amount":{"Value":1}})";
    const std::string bad = R"({"Id":")" + RecordUuid(2) + R"(","Deep":)" + unbalanced + R"(,"Amount":{"Value":1}})";
    const std::string objects = R"({"Id":")" + RecordUuid(3) + R"(","Amount":)" +
                                [] {
                                  std::string s;
                                  for (int i = 0; i < 10000; ++i) s += "{\"a\":";
                                  return s + "1" + std::string(10000, '}');
                                }() + "}";
    auto run = RunTransform(WriteTempFile("deep.jsonl", ok + "\n" + bad + "\n" + objects + "\n" + Good(4) + "\n"),
                            TestMapping());
    REQUIRE(run->status.ok());
    CHECK(RowLines(*run) == std::vector<uint64_t>{1, 4});
    CHECK(RootValue(*run, 0, "_extra") == "{\"Deep\":" + deep + "}");
    CHECK(RejectLines(*run) == std::vector<uint64_t>{2, 3});
  }
}
