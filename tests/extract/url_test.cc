#include <doctest/doctest.h>

#include "extract/url.h"

namespace mews {

TEST_SUITE("extract.unit") {

TEST_CASE("RedactUrl drops the query string, fragment and user info") {
  CHECK(RedactUrl("https://files.mews.com/exports/abc-1.jsonl?sv=2020&sig=SECRET%3D&se=1") ==
        "https://files.mews.com/exports/abc-1.jsonl");
  CHECK(RedactUrl("https://user:pass@host:8443/p#frag") == "https://host:8443/p");
  CHECK(RedactUrl("http://127.0.0.1:8080?x=1") == "http://127.0.0.1:8080");
  CHECK(RedactUrl("not a url?sig=1") == "not a url");
  CHECK(RedactUrl("https://api.mews.com") == "https://api.mews.com");
}

TEST_CASE("UrlHost lower-cases and strips brackets and port") {
  CHECK(UrlHost("https://API.Mews.com/x") == "api.mews.com");
  CHECK(UrlHost("http://[::1]:8080/x") == "::1");
  CHECK(UrlHost("http://u:p@127.0.0.1:9/x") == "127.0.0.1");
  CHECK(UrlHost("nonsense") == "");
}

TEST_CASE("loopback means localhost, 127.0.0.0/8 and ::1") {
  CHECK(IsLoopbackHost("localhost"));
  CHECK(IsLoopbackHost("127.0.0.1"));
  CHECK(IsLoopbackHost("127.255.3.4"));
  CHECK(IsLoopbackHost("::1"));
  CHECK_FALSE(IsLoopbackHost("128.0.0.1"));
  CHECK_FALSE(IsLoopbackHost("127.0.0.1.evil.com"));
  CHECK_FALSE(IsLoopbackHost("127.0.0.256"));
  CHECK_FALSE(IsLoopbackHost("localhost.evil.com"));
  CHECK_FALSE(IsLoopbackHost("10.0.0.1"));
}

TEST_CASE("MEWS_API_URL must be https unless it points at loopback") {
  CHECK(CheckSecureUrl("https://api.mews.com", "MEWS_API_URL").ok());
  CHECK(CheckSecureUrl("http://127.0.0.1:8080", "MEWS_API_URL").ok());
  CHECK(CheckSecureUrl("http://localhost:1", "MEWS_API_URL").ok());
  CHECK(CheckSecureUrl("http://[::1]:1/", "MEWS_API_URL").ok());
  Status s = CheckSecureUrl("http://api.mews.com/?token=x", "MEWS_API_URL");
  CHECK(s.code() == StatusCode::kInvalidArgument);
  CHECK(s.message() == "MEWS_API_URL must use https:// (plain http:// only for loopback): http://api.mews.com/");
  CHECK(CheckSecureUrl("ftp://127.0.0.1/", "MEWS_API_URL").code() == StatusCode::kInvalidArgument);
  CHECK(CheckSecureUrl("api.mews.com", "MEWS_API_URL").message() ==
        "MEWS_API_URL is not an absolute URL: api.mews.com");
}

TEST_CASE("JoinUrl tolerates a trailing slash on the base") {
  CHECK(JoinUrl("https://api.mews.com/", "/api/connector/v1/exports/add") ==
        "https://api.mews.com/api/connector/v1/exports/add");
  CHECK(JoinUrl("http://127.0.0.1:5", "/x") == "http://127.0.0.1:5/x");
}

}  // TEST_SUITE

}  // namespace mews
