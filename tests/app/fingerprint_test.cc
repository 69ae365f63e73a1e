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

#include <chrono>
#include <thread>

#include "app/rate_budget.h"

TEST_SUITE("app.connections") {
  TEST_CASE("a rate budget lets N calls through per window and makes the next one wait, and budgets are independent") {
    using Clock = std::chrono::steady_clock;
    RateBudget a(3, std::chrono::milliseconds(400)), b(3, std::chrono::milliseconds(400));
    const auto start = Clock::now();
    for (int i = 0; i < 3; ++i) a.Acquire(nullptr);
    CHECK(Clock::now() - start < std::chrono::milliseconds(200));
    for (int i = 0; i < 3; ++i) b.Acquire(nullptr);  // another connection: not slowed by a
    CHECK(Clock::now() - start < std::chrono::milliseconds(200));
    a.Acquire(nullptr);  // the fourth call of a waits for the first one to leave the window
    CHECK(Clock::now() - start >= std::chrono::milliseconds(390));
    const auto cancelled_at = Clock::now();
    for (int i = 0; i < 2; ++i) a.Acquire(nullptr);
    a.Acquire([] { return true; });  // a full budget returns at once when cancelled
    CHECK(Clock::now() - cancelled_at < std::chrono::milliseconds(300));
  }
}
