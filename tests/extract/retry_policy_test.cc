#include <doctest/doctest.h>

#include "extract/retry_policy.h"
#include "tests/extract/fake_clock.h"

namespace mews {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const Clock::WallTime kNow = std::chrono::system_clock::from_time_t(784111777);  // 1994-11-06 08:49:37 UTC

RetryOptions Opts() {
  RetryOptions o;
  o.max_attempts = 5;
  o.initial_backoff = milliseconds(100);
  o.max_backoff = milliseconds(1000);
  o.budget = seconds(60);
  return o;
}

}  // namespace

TEST_SUITE("extract.unit") {

TEST_CASE("Retry-After in delta seconds is waited exactly") {
  CHECK(ParseRetryAfter("2", kNow) == milliseconds(2000));
  CHECK(ParseRetryAfter(" 0 ", kNow) == milliseconds(0));
  CHECK(ParseRetryAfter("120", kNow) == milliseconds(120000));
}

TEST_CASE("Retry-After as an HTTP date waits until that date, and a past date waits zero") {
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", kNow) == milliseconds(10000));
  CHECK(ParseRetryAfter("Sunday, 06-Nov-94 08:50:37 GMT", kNow) == milliseconds(60000));
  CHECK(ParseRetryAfter("Sun Nov  6 08:49:40 1994", kNow) == milliseconds(3000));
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", kNow) == milliseconds(0));
}

TEST_CASE("an unparsable Retry-After is ignored") {
  CHECK_FALSE(ParseRetryAfter("soon", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("1.5", kNow).has_value());
}

TEST_CASE("status codes fall into the documented error classes") {
  CHECK(ClassifyHttpStatus(429) == ErrorClass::kRateLimited);
  CHECK(ClassifyHttpStatus(0) == ErrorClass::kTransient);
  CHECK(ClassifyHttpStatus(408) == ErrorClass::kTransient);
  CHECK(ClassifyHttpStatus(500) == ErrorClass::kTransient);
  CHECK(ClassifyHttpStatus(503) == ErrorClass::kTransient);
  CHECK(ClassifyHttpStatus(401) == ErrorClass::kAuth);
  CHECK(ClassifyHttpStatus(403) == ErrorClass::kAuth);
  CHECK(ClassifyHttpStatus(400) == ErrorClass::kPermanent);
  CHECK(ClassifyHttpStatus(404) == ErrorClass::kPermanent);
  CHECK(ClassifyHttpStatus(409) == ErrorClass::kPermanent);
}

TEST_CASE("429 with Retry-After waits exactly that long, whatever the jitter") {
  RetryPolicy p(Opts(), [] { return 0.0; });
  RetryDecision d = p.Decide(429, "3", 1, milliseconds(0), kNow);
  CHECK(d.retry);
  CHECK(d.wait == milliseconds(3000));
}

TEST_CASE("429 without Retry-After falls back to jittered backoff") {
  RetryPolicy p(Opts(), [] { return 0.5; });
  RetryDecision d = p.Decide(429, "", 2, milliseconds(0), kNow);
  CHECK(d.retry);
  CHECK(d.wait == milliseconds(100));  // 0.5 * min(1000, 100 * 2)
}

TEST_CASE("backoff is full jitter below a cap that doubles up to max_backoff") {
  RetryPolicy high(Opts(), [] { return 0.999; });
  CHECK(high.Backoff(1) == milliseconds(99));
  CHECK(high.Backoff(2) == milliseconds(199));
  CHECK(high.Backoff(3) == milliseconds(399));
  CHECK(high.Backoff(5) == milliseconds(999));
  CHECK(high.Backoff(40) == milliseconds(999));
  RetryPolicy low(Opts(), [] { return 0.0; });
  CHECK(low.Backoff(4) == milliseconds(0));
}

TEST_CASE("the default jitter stays within [0, cap]") {
  RetryPolicy p(Opts());
  for (int i = 0; i < 200; ++i) {
    milliseconds b = p.Backoff(3);
    CHECK(b >= milliseconds(0));
    CHECK(b <= milliseconds(400));
  }
}

TEST_CASE("408, 5xx and transport errors retry until max_attempts") {
  RetryPolicy p(Opts(), [] { return 1.0; });
  CHECK(p.Decide(408, "", 1, milliseconds(0), kNow).retry);
  CHECK(p.Decide(502, "", 4, milliseconds(0), kNow).retry);
  CHECK(p.Decide(0, "", 3, milliseconds(0), kNow).wait == milliseconds(400));
  RetryDecision last = p.Decide(500, "", 5, milliseconds(0), kNow);
  CHECK_FALSE(last.retry);
  CHECK(last.reason == "gave up after 5 attempts");
}

TEST_CASE("401, 403 and other 4xx never retry") {
  RetryPolicy p(Opts());
  CHECK_FALSE(p.Decide(401, "", 1, milliseconds(0), kNow).retry);
  CHECK_FALSE(p.Decide(403, "5", 1, milliseconds(0), kNow).retry);
  RetryDecision d = p.Decide(400, "", 1, milliseconds(0), kNow);
  CHECK_FALSE(d.retry);
  CHECK(d.reason == "HTTP 400 is not retried");
}

TEST_CASE("a wait that would overrun the time budget is not started") {
  RetryPolicy p(Opts(), [] { return 0.0; });
  CHECK(p.Decide(429, "30", 1, seconds(29), kNow).retry);
  RetryDecision d = p.Decide(429, "30", 1, seconds(31), kNow);
  CHECK_FALSE(d.retry);
  CHECK(d.reason == "the next wait (30000 ms) would exceed the retry budget of 60 s");
}

TEST_CASE("RunWithRetry sleeps Retry-After through the clock and returns the first success") {
  test::FakeClock clock;
  RetryPolicy p(Opts(), [] { return 0.0; });
  int calls = 0;
  std::vector<std::string> notes;
  Result<HttpResponse> r = RunWithRetry(
      [&]() -> Result<HttpResponse> {
        HttpResponse resp;
        resp.status = ++calls < 3 ? 429 : 200;
        resp.retry_after = "2";
        return resp;
      },
      p, &clock, [&](const std::string& n) { notes.push_back(n); });
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(calls == 3);
  CHECK(clock.sleeps == std::vector<milliseconds>{milliseconds(2000), milliseconds(2000)});
  REQUIRE(notes.size() == 2);
  CHECK(notes[0] == "HTTP 429: retrying in 2000 ms (attempt 2 of 5)");
}

TEST_CASE("RunWithRetry gives up on transport errors after max_attempts with one clear error") {
  test::FakeClock clock;
  RetryPolicy p(Opts(), [] { return 1.0; });
  int calls = 0;
  Result<HttpResponse> r = RunWithRetry(
      [&]() -> Result<HttpResponse> {
        ++calls;
        return Status::Unavailable("POST http://127.0.0.1:9/x failed: Couldn't connect to server");
      },
      p, &clock, {});
  CHECK(calls == 5);
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message() ==
        "POST http://127.0.0.1:9/x failed: Couldn't connect to server (gave up after 5 attempts)");
  CHECK(clock.Slept() == milliseconds(100 + 200 + 400 + 800));
}

TEST_CASE("RunWithRetry returns a 401 at once without sleeping") {
  test::FakeClock clock;
  RetryPolicy p(Opts());
  int calls = 0;
  Result<HttpResponse> r = RunWithRetry(
      [&]() -> Result<HttpResponse> {
        ++calls;
        HttpResponse resp;
        resp.status = 401;
        return resp;
      },
      p, &clock, {});
  REQUIRE(r.ok());
  CHECK(r->status == 401);
  CHECK(calls == 1);
  CHECK(clock.sleeps.empty());
}

}  // TEST_SUITE

}  // namespace mews
