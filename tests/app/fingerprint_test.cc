#include <doctest/doctest.h>

#include "app/connection_guard.h"
#include "app/fingerprint.h"

using namespace mews;

TEST_SUITE("app.connections") {
  TEST_CASE("the token fingerprint is the first 16 hex digits of SHA-256(client \\n access), never a token") {
    CHECK(TokenFingerprint("x", "y") == "9ab9de25768ac172");  // printf 'x\ny' | sha256sum
    CHECK(TokenFingerprint("x", "y") != TokenFingerprint("x", "z"));
    CHECK(TokenFingerprint("x", "y") != TokenFingerprint("y", "x"));
    CHECK(TokenFingerprint("secret-client", "secret-access").find("secret") == std::string::npos);
  }

  TEST_CASE("the API host of a URL is its host and port") {
    CHECK(ApiHost("https://api.mews.com") == "api.mews.com");
    CHECK(ApiHost("http://127.0.0.1:8080/api/connector") == "127.0.0.1:8080");
  }
}

