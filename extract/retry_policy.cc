#include "extract/retry_policy.h"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>

namespace mews {
namespace {

using std::chrono::milliseconds;

bool AllDigits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A wait longer than this (about 31 years) is nonsense: the caller falls back to its backoff.
constexpr int64_t kMaxRetryAfterSeconds = 999999999;

// Seconds since the epoch of an HTTP date.
std::optional<time_t> ParseHttpDate(const std::string& value) {
  // IMF-fixdate, RFC 850, asctime (RFC 9110 section 5.6.7); all in GMT.
  static const char* const kFormats[] = {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT",
                                         "%a %b %e %H:%M:%S %Y"};
  for (const char* format : kFormats) {
    struct tm tm = {};
    const char* end = strptime(value.c_str(), format, &tm);
    if (end == nullptr || *end != '\0') continue;
    time_t t = timegm(&tm);
    if (t == static_cast<time_t>(-1)) continue;
    return t;
  }
  return std::nullopt;
}

double DefaultUniform() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  std::lock_guard<std::mutex> lock(mu);
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

ErrorClass ClassifyHttpStatus(long http_status) {
  if (http_status == 429) return ErrorClass::kRateLimited;
  if (http_status == 0 || http_status == 408 || http_status >= 500) return ErrorClass::kTransient;
  if (http_status == 401 || http_status == 403) return ErrorClass::kAuth;
  return ErrorClass::kPermanent;
}

std::optional<milliseconds> ParseRetryAfter(const std::string& value, Clock::WallTime now) {
  size_t b = value.find_first_not_of(" \t");
  size_t e = value.find_last_not_of(" \t");
  if (b == std::string::npos) return std::nullopt;
  std::string v = value.substr(b, e - b + 1);
  if (AllDigits(v)) {
    if (v.size() > 9) return std::nullopt;  // beyond kMaxRetryAfterSeconds: fall back to backoff
    return milliseconds(std::stoll(v) * 1000);
  }
  std::optional<time_t> when = ParseHttpDate(v);
  if (!when) return std::nullopt;
  // In whole seconds: a time_point in nanoseconds cannot hold dates past the year 2262.
  const int64_t wait = static_cast<int64_t>(*when) - ToMicros(now) / kMicrosPerSecond;
  if (wait > kMaxRetryAfterSeconds) return std::nullopt;  // as for delta seconds
  return milliseconds(std::max<int64_t>(wait, 0) * 1000);
}

RetryPolicy::RetryPolicy(RetryOptions options, std::function<double()> uniform)
    : options_(options), uniform_(uniform ? std::move(uniform) : DefaultUniform) {}

milliseconds RetryPolicy::Backoff(int attempt) const {
  double cap = static_cast<double>(options_.initial_backoff.count());
  for (int i = 1; i < attempt && cap < options_.max_backoff.count(); ++i) cap *= 2;
  cap = std::min(cap, static_cast<double>(options_.max_backoff.count()));
  double u = std::clamp(uniform_(), 0.0, 1.0);
  return milliseconds(static_cast<int64_t>(u * cap));
}

RetryDecision RetryPolicy::Decide(long http_status, const std::string& retry_after, int attempt,
                                  milliseconds elapsed, Clock::WallTime now) const {
  RetryDecision d;
  ErrorClass kind = ClassifyHttpStatus(http_status);
  if (kind == ErrorClass::kAuth || kind == ErrorClass::kPermanent) {
    d.reason = "HTTP " + std::to_string(http_status) + " is not retried";
    return d;
  }
  if (attempt >= options_.max_attempts) {
    d.reason = "gave up after " + std::to_string(attempt) + " attempts";
    return d;
  }
  std::optional<milliseconds> asked;
  if (kind == ErrorClass::kRateLimited) asked = ParseRetryAfter(retry_after, now);
  d.wait = asked ? *asked : Backoff(attempt);
  if (elapsed + d.wait > options_.budget) {
    d.reason = "the next wait (" + std::to_string(d.wait.count()) + " ms) would exceed the retry " +
               "budget of " + std::to_string(options_.budget.count() / 1000) + " s";
    d.wait = milliseconds(0);
    return d;
  }
  d.retry = true;
  return d;
}

Result<HttpResponse> RunWithRetry(const std::function<Result<HttpResponse>()>& attempt,
                                  const RetryPolicy& policy, Clock* clock,
                                  const std::function<void(const std::string&)>& note) {
  Clock::SteadyTime start = clock->MonotonicNow();
  for (int n = 1;; ++n) {
    Result<HttpResponse> r = attempt();
    if (!r.ok() && r.status().code() != StatusCode::kUnavailable) return r;
    if (r.ok() && r->status < 400) return r;
    long status = r.ok() ? r->status : 0;
    auto elapsed = std::chrono::duration_cast<milliseconds>(clock->MonotonicNow() - start);
    RetryDecision d = policy.Decide(status, r.ok() ? r->retry_after : "", n, elapsed, clock->Now());
    std::string what = r.ok() ? "HTTP " + std::to_string(status) : r.status().message();
    if (!d.retry) {
      if (ClassifyHttpStatus(status) != ErrorClass::kAuth &&
          ClassifyHttpStatus(status) != ErrorClass::kPermanent && note) {
        note(what + ": " + d.reason);
      }
      if (!r.ok()) return Status::Unavailable(what + " (" + d.reason + ")");
      return r;
    }
    if (note) {
      note(what + ": retrying in " + std::to_string(d.wait.count()) + " ms (attempt " +
           std::to_string(n + 1) + " of " + std::to_string(policy.options().max_attempts) + ")");
    }
    clock->SleepFor(d.wait);
  }
}

}  // namespace mews
