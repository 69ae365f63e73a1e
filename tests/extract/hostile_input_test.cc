// Inputs the fuzz targets of tests/fuzz found crashing or misread, kept as regression tests with the
// exact input, and the Content-Range parser that downloads resume by.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "extract/content_range.h"
#include "extract/mews_client.h"
#include "extract/retry_policy.h"
#include "extract/url.h"

namespace mews {
namespace {

using std::chrono::milliseconds;

// 2026-12-04T00:00:00Z
const Clock::WallTime kNow = std::chrono::system_clock::from_time_t(1796342400);

}  // namespace

TEST_SUITE("extract.hostile") {

TEST_CASE("fuzz export_json: SizeInBytes 1e300 is a parse error, not an overflowing conversion") {
  // build-fuzz/crashes/export_json/crash-5f32859c... (UBSan: 1e+300 outside the range of long)
  const std::string body =
      R"({"Exports":[{"Id":"x","Status":"Success","Files":[{"Url":"u","SizeInBytes":1e300}]}]})";
  Result<std::vector<ExportInfo>> r = ParseGetAllResponse(body);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "exports/getAll: Export x: Files[] entry with SizeInBytes that is not a byte count");
  for (const char* size : {"-1.0", "1.5", "1e19", "9.3e18"}) {
    INFO(size);
    CHECK_FALSE(ParseAddResponse(std::string(R"({"Export":{"Id":"x","Status":"Success","Files":[{"Url":"u","SizeInBytes":)") +
                                 size + "}]}}")
                    .ok());
  }
  Result<ExportInfo> whole =
      ParseAddResponse(R"({"Export":{"Id":"x","Status":"Success","Files":[{"Url":"u","SizeInBytes":1e6}]}})");
  REQUIRE(whole.ok());
  CHECK(whole->files.at(0).size_bytes == 1000000);
}

TEST_CASE("fuzz export_json: an export id holding a newline is shown on one line in the error") {
  // The export_json target's one-line invariant, on {"Exports":[{"Id":"a\nb"}]}.
  Result<std::vector<ExportInfo>> r = ParseGetAllResponse(R"({"Exports":[{"Id":"a\nb"}]})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "exports/getAll: Export a b without Status");
  r = ParseGetAllResponse(R"({"Exports":[{"Id":"a\r\nb","Status":"Success","Files":[{}]}]})");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "exports/getAll: Export a  b: Files[] entry without Url");
}

TEST_CASE("fuzz retry_after: an HTTP date past the year 2262 is no wait instead of an overflow") {
  // The fuzz input wrote an instant of the year 9775 as an IMF-fixdate (UBSan: signed integer
  // overflow in std::chrono converting it to nanoseconds).
  CHECK_FALSE(ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("Sat, 01 Jan 2300 00:00:00 GMT", kNow).has_value());
  // Within the cap of 999,999,999 s, exact; in the past, zero.
  CHECK(ParseRetryAfter("Thu, 04 Dec 2036 00:00:00 GMT", kNow) == milliseconds(315619200000LL));
  CHECK(ParseRetryAfter("Sun Nov  6 08:49:37 1994", kNow) == milliseconds(0));
  CHECK(ParseRetryAfter("999999999", kNow) == milliseconds(999999999000LL));
  CHECK_FALSE(ParseRetryAfter("1000000000", kNow).has_value());
}

TEST_CASE("fuzz url: a NUL or control character in a URL is refused, since libcurl stops at a NUL") {
  // build-fuzz/crashes/url/crash-5a952b77...: mews-etl saw the loopback host after the '@', libcurl
  // the host before the NUL, so plain http would have gone to evil.
  const std::string url("http://evil.\0\0example@127.0.0.1/", 33);
  Status s = CheckSecureUrl(url, "file URL");
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == "file URL holds a space or control character after: http://evil.");
  CHECK_FALSE(CheckSecureUrl("http://127.0.0.1/a b", "URL").ok());
  CHECK_FALSE(CheckSecureUrl("http://127.0.0.1/\x7f", "URL").ok());
  CHECK_FALSE(CheckSecureUrl("https://api.mews.com/\r\nHost: evil", "URL").ok());
  CHECK(CheckSecureUrl("http://127.0.0.1:8080/files/1?sig=%20", "URL").ok());
}

TEST_CASE("fuzz url: text with '?' or '#' before its '://' is no URL, so redaction cuts at the '?'") {
  // build-fuzz/crashes/url/crash-30abc02a...: the "scheme" ran up to the first "://", '#' included.
  const std::string input(
      "htxal.exam#ple@127.0.0/1/tp://:iev//xal.example@127.0.0/1/\xff\xff\xff\xff\0\0\0\0\xff\0\0\0\xff", 71);
  CHECK(RedactUrl(input) == "htxal.exam");
  CHECK(RedactUrl("report?token=secret://files.example.com/x") == "report");
  CHECK(UrlHost("a?b://127.0.0.1/") == "");
  CHECK_FALSE(CheckSecureUrl("x?y=1://127.0.0.1/", "URL").ok());
  CHECK(RedactUrl("svn+ssh.1://host/p?q") == "svn+ssh.1://host/p");
}

TEST_CASE("fuzz url: text that is no URL loses what looks like user info too") {
  // build-fuzz/crashes/url/crash-...: "h\xc0ttp" is no scheme, and the text was printed with its '@'.
  CHECK(RedactUrl("h\xc0ttp://[::@]:0/x{+") == "h\xc0ttp://]:0/x{+");
  CHECK(RedactUrl("htt\xc0p://user:secret@host/path?q") == "htt\xc0p://host/path");
  CHECK(RedactUrl("not a url") == "not a url");
}

TEST_CASE("Content-Range: only bytes FIRST-LAST/COMPLETE (or /*) with FIRST <= LAST < COMPLETE") {
  std::optional<ContentRange> r = ParseContentRange("bytes 100-199/200");
  REQUIRE(r);
  CHECK(r->first == 100);
  CHECK(r->last == 199);
  CHECK(r->complete == 200);
  r = ParseContentRange("bytes 0-0/*");
  REQUIRE(r);
  CHECK(r->complete == -1);
  for (const char* bad : {"", "bytes 5-", "bytes 5-garbage", "bytes */100", "bytes 9-5/10", "bytes 0-9/9",
                          "bytes -1-5/10", "bytes 0-9/10 ", "Bytes 0-9/10", "bytes 0-9/1000000000000000000",
                          "bytes 0-99999999999999999999/*", "bytes 0 - 9/10"}) {
    INFO(bad);
    CHECK_FALSE(ParseContentRange(bad).has_value());
  }
}

}  // TEST_SUITE

}  // namespace mews
