// When to retry a failed HTTP call and how long to wait first (docs/mews-api.md):
// 429 waits exactly Retry-After (else backoff); 408, 5xx and transport errors back off with full
// jitter; 401/403 and other 4xx never retry. Every retry stays within an attempt count and a total
// time budget. RetryPolicy is pure apart from its jitter source; RunWithRetry does the sleeping
// through an injected Clock.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/time.h"
#include "extract/http_client.h"

namespace mews {

struct RetryOptions {
  // Attempts per call in total (the first one included). Default: 6.
  int max_attempts = 6;
  // Backoff before retry k (1-based) is uniform in [0, min(max_backoff, initial_backoff * 2^(k-1))].
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{60000};
  // No retry starts later than this after the first attempt began. Default: 5 minutes.
  std::chrono::milliseconds budget{300000};
};

enum class ErrorClass {
  kRateLimited,  // 429
  kTransient,    // 408, 5xx, transport error (status 0)
  kAuth,         // 401, 403
  kPermanent,    // any other status >= 400
};

// REQUIRES: `http_status` is 0 (transport error) or >= 400.
ErrorClass ClassifyHttpStatus(long http_status);

// The wait a Retry-After value asks for: delta seconds ("120") or an HTTP date (RFC 9110 IMF-fixdate,
// RFC 850 or asctime), counted from `now`; a date in the past waits zero. nullopt when unparsable
// or more than 999,999,999 seconds (about 31 years) away.
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value,
                                                         Clock::WallTime now);

struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds wait{0};
  std::string reason;  // why not, when !retry (e.g. "gave up after 6 attempts")
};

class RetryPolicy {
 public:
  // `uniform` returns values in [0, 1) for the jitter; empty uses a seeded std::mt19937_64.
  explicit RetryPolicy(RetryOptions options, std::function<double()> uniform = {});

  // What to do after attempt number `attempt` (1-based) failed with `http_status` (0 = transport
  // error) and `retry_after`, `elapsed` after the first attempt began.
  RetryDecision Decide(long http_status, const std::string& retry_after, int attempt,
                       std::chrono::milliseconds elapsed, Clock::WallTime now) const;

  // The jittered exponential backoff before retry number `attempt` (1-based).
  std::chrono::milliseconds Backoff(int attempt) const;

  const RetryOptions& options() const { return options_; }

 private:
  RetryOptions options_;
  std::function<double()> uniform_;
};

// Calls `attempt` until it returns a 2xx/3xx response, a response the policy will not retry, or a
// non-kUnavailable error; sleeps through `clock` between attempts and reports each retry to `note`
// (a line without URLs' query strings or tokens). Returns the last response or error.
Result<HttpResponse> RunWithRetry(const std::function<Result<HttpResponse>()>& attempt,
                                  const RetryPolicy& policy, Clock* clock,
                                  const std::function<void(const std::string&)>& note);

}  // namespace mews
