// Adversarial input at the transform: five million empty records, lines longer than the limit,
// nesting past the depth limit, decimals beyond a double, and bytes no database stores as text.
// Each has its exact outcome; the big ones print their peak RSS and stay under 300 MB.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cstdio>
#include <fstream>

#include "tests/support/process.h"
#include "tests/transform/transform_test_util.h"

using namespace mews;
using namespace mews::test;

namespace {

std::string Record(int i, const std::string& amount = "1", const std::string& more = "") {
  return R"({"Id":")" + RecordUuid(i) + R"(","Amount":{"Value":)" + amount + "}" + more + "}";
}

// Peak RSS of this process in MiB, printed for the test log.
long PeakRssMib(const char* what) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const long mib = usage.ru_maxrss / 1024;
  std::printf("peak RSS after %s: %ld MiB\n", what, mib);
  return mib;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// Counts rejects without keeping them (five million would not fit the bound).
class CountingConsumer : public BatchConsumer {
 public:
  Status OnBatch(std::unique_ptr<RowBatch> batch) override {
    rows += batch->rows();
    return Status::Ok();
  }
  Status OnReject(const Reject& r) override {
    if (r.line != ++rejects || r.reason != "Id: missing required field" || r.raw != "{}") {
      return Status::Internal("unexpected reject at line " + std::to_string(r.line) + ": " + r.reason);
    }
    return Status::Ok();
  }
  uint64_t rows = 0, rejects = 0;
};

}  // namespace

TEST_SUITE("transform.hostile") {

TEST_CASE("five million {} lines: five million rejects with their line numbers, in bounded memory") {
  const std::string path = TempDir("hostile") + "/empty.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    const std::string block = [] {
      std::string b;
      for (int i = 0; i < 100000; ++i) b += "{}\n";
      return b;
    }();
    for (int i = 0; i < 50; ++i) out << block;
  }
  CountingConsumer consumer;
  TransformStats stats;
  Status s = TransformFile(path, TestMapping(), TransformOptions{}, &consumer, &stats);
  std::remove(path.c_str());
  REQUIRE_MESSAGE(s.ok(), s.message());
  CHECK(consumer.rows == 0);
  CHECK(consumer.rejects == 5000000);
  CHECK(stats.lines == 5000000);
  const long rss = PeakRssMib("5,000,000 {} lines");
  if (!kSanitized) CHECK(rss < 300);
}

TEST_CASE("a line longer than max_line_bytes is one reject keeping its first 4096 bytes, its neighbours load") {
  TransformOptions options;
  options.window_bytes = 64;
  options.max_line_bytes = 5000;
  const std::string long_record = Record(2, "1", R"(,"Name":")" + std::string(9000, 'x') + "\"");
  // The long line once in the middle (carried over many windows) and once last, without a newline.
  const std::string file = Record(1) + "\n" + long_record + "\n" + Record(3) + "\n" + long_record;
  auto run = RunTransform(WriteTempFile("long.jsonl", file), TestMapping(), options);
  REQUIRE(run->status.ok());
  REQUIRE(Render(*run).size() >= 2);
  CHECK(RootValue(*run, 0, "id") == RecordUuid(1));
  CHECK(RootValue(*run, 1, "id") == RecordUuid(3));
  REQUIRE(run->out.rejects.size() == 2);
  for (size_t k = 0; k < 2; ++k) {
    const Reject& r = run->out.rejects[k];
    CHECK(r.line == (k == 0 ? 2u : 4u));
    CHECK(r.reason == "line too long: " + std::to_string(long_record.size()) +
                          " bytes, the limit is 5000 (raw holds its first 4096 bytes)");
    CHECK(r.raw == long_record.substr(0, 4096));
  }
  CHECK(run->stats.lines == 4);
  CHECK(run->stats.bytes == file.size());
  // The same file with the default window (the long line inside one window) gives the same.
  options.window_bytes = 1 << 20;
  auto whole = RunTransform(WriteTempFile("long.jsonl", file), TestMapping(), options);
  CHECK(Render(*whole) == Render(*run));
}

TEST_CASE("json nested deeper than kMaxJsonDepth is rejected by path, at the limit it is kept exactly") {
  const std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  const std::string beyond = "[" + at_limit + "]";
  const std::string file = Record(1, "1", ",\"Deep\":" + at_limit) + "\n" + Record(2, "1", ",\"Deep\":" + beyond) +
                           "\n" + Record(3, "1", ",\"Tags\":" + beyond) + "\n";
  auto run = RunTransform(WriteTempFile("deep.jsonl", file), TestMapping());
  REQUIRE(run->status.ok());
  CHECK(RootValue(*run, 0, "_extra") == "{\"Deep\":" + at_limit + "}");
  REQUIRE(run->out.rejects.size() == 2);
  CHECK(run->out.rejects[0].reason == "Deep: nested deeper than 10000 levels");
  CHECK(run->out.rejects[1].reason == "Tags: nested deeper than 10000 levels");
}

TEST_CASE("a decimal beyond the range of a double is a reject, any other decimal is kept as written") {
  const std::string digits5000 = "1" + std::string(4999, '0');
  const std::string fraction5000 = "0." + std::string(5000, '3');
  const std::vector<std::string> amounts = {"1e400", "-1e400", digits5000, "1.7976931348623157e308", fraction5000,
                                            "1e-400", "-0.000"};
  std::string file;
  for (size_t i = 0; i < amounts.size(); ++i) file += Record(static_cast<int>(i), amounts[i]) + "\n";
  auto run = RunTransform(WriteTempFile("decimals.jsonl", file), TestMapping());
  REQUIRE(run->status.ok());
  REQUIRE(run->out.rejects.size() == 3);
  for (const Reject& r : run->out.rejects) {
    CHECK(r.reason == "Amount.Value: number out of range (beyond +-1.7976931348623157e308)");
  }
  CHECK(RootValue(*run, 0, "amount_value") == "1.7976931348623157e308");
  CHECK(RootValue(*run, 1, "amount_value") == fraction5000);
  CHECK(RootValue(*run, 2, "amount_value") == "1e-400");
  CHECK(RootValue(*run, 3, "amount_value") == "-0.000");
}

TEST_CASE("a rejected line's raw text and reason are UTF-8 without NUL: other bytes become U+FFFD") {
  const std::string bad_value = R"({"Id":")" + RecordUuid(1) + "\",\"Name\":\"a\xff" "b\",\"Amount\":{\"Value\":1}}";
  const std::string bad_key = R"({"Id":")" + RecordUuid(2) + "\",\"K\xc3\x28\":1,\"Amount\":{\"Value\":1}}";
  const std::string nul_key = R"({"Id":")" + RecordUuid(3) + std::string("\",\"K\0y\":1,\"Amount\":{\"Value\":1}}", 31);
  auto run = RunTransform(WriteTempFile("utf8.jsonl", bad_value + "\n" + bad_key + "\n" + nul_key + "\n"),
                          TestMapping());
  REQUIRE(run->status.ok());
  REQUIRE(run->out.rejects.size() == 3);
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(run->out.rejects[0].reason == "invalid JSON: The input is not valid UTF-8");
  CHECK(run->out.rejects[0].raw == R"({"Id":")" + RecordUuid(1) + "\",\"Name\":\"a" + fffd + "b\",\"Amount\":{\"Value\":1}}");
  CHECK(run->out.rejects[1].raw == R"({"Id":")" + RecordUuid(2) + "\",\"K" + fffd + "(\":1,\"Amount\":{\"Value\":1}}");
  CHECK(run->out.rejects[2].reason ==
        "invalid JSON: Within strings, some characters must be escaped, we found unescaped characters");
  CHECK(run->out.rejects[2].raw == R"({"Id":")" + RecordUuid(3) + "\",\"K" + fffd + "y\":1,\"Amount\":{\"Value\":1}}");
}

TEST_CASE("fuzz transform_payment: the last line's outcome does not depend on bytes left after it in memory") {
  // build-fuzz/crashes/transform_payment/crash-05b54878...: after the BOM was moved away, the last
  // line (no newline after it) was followed in the buffer by stale bytes, and simdjson read them:
  // "JSON document ended early" with one window size, "Id: invalid uuid" with another.
  const std::string last = R"({"Id":"0F0E0D0C-0B0A-490:807-060504030201","X":1}1})";
  const std::string file = "\xEF\xBB\xBF" R"({"Id":"0"ConsumedUtc":F0E"ConsumedUtc":F0E0D0C-0B0A-4909-8807-060504030201"})"
                           "\r\n\r\n  \t\n" + last;
  for (size_t window : {size_t{64}, size_t{65536}}) {
    TransformOptions options;
    options.window_bytes = window;
    auto run = RunTransform(WriteTempFile("stale.jsonl", file), TestMapping(), options);
    REQUIRE(run->status.ok());
    REQUIRE(run->out.rejects.size() == 2);
    CHECK(run->out.rejects[1].line == 4);
    CHECK(run->out.rejects[1].reason == "Id: invalid uuid \"0F0E0D0C-0B0A-490:807-060504030201\"");
  }
}

TEST_CASE("fuzz transform_reservation: a reason naming an escaped key is one printable line") {
  // build-fuzz/crashes/transform_reservation/crash-ef71138b...: the key "K\u000d" decoded to a raw
  // carriage return, and "malformed value at K<CR>" broke the one-line reason.
  const std::string cr_key = R"({"Id":")" + RecordUuid(1) + R"(","K\u000d":"\ud800","Amount":{"Value":1}})";
  const std::string tab_key = R"({"Id":")" + RecordUuid(2) + R"(","Amount":{"V\u0009":"\ud800","Value":1}})";
  auto run = RunTransform(WriteTempFile("keys.jsonl", cr_key + "\n" + tab_key + "\n"), TestMapping());
  REQUIRE(run->status.ok());
  REQUIRE(run->out.rejects.size() == 2);
  CHECK(run->out.rejects[0].reason == R"(invalid JSON: malformed value at K\r)");
  CHECK(run->out.rejects[1].reason == R"(invalid JSON: malformed value at Amount.V\t)");
}

}  // TEST_SUITE
