// The one time module: what a timestamp is, how it is parsed, written and compared, and the clock
// every stage reads "now" from. Pure functions (but Clock::System()), thread-safe.
//
// A timestamp (the only grammar any stage accepts, from the API, the CLI, a database or a test):
//
//   YYYY-MM-DD 'T' hh:mm:ss [ '.' f{1,7} ] zone        zone = 'Z' | ('+'|'-') hh ':' mm | ('+'|'-') hhmm
//
//   - upper-case 'T' and 'Z' only; no space separator, no missing zone (a local time is refused);
//   - valid calendar fields: month 01..12, day within its month (leap years included), hh 00..23,
//     mm 00..59, ss 00..59 (no leap second); zone hours 00..23 and minutes 00..59;
//   - one to seven fraction digits (.NET writes seven); kept to the microsecond, the seventh digit
//     truncated;
//   - the instant, shifted to UTC, must lie in the years 0001..9999.
//
// A date is "YYYY-MM-DD" with the same field rules (year 0001..9999).
//
// The canonical form (docs/tables.md, "Values"; a contract of every table and every stored state):
//
//   YYYY-MM-DDThh:mm:ss[.f{1,6}]Z   in UTC, the fraction's trailing zeros removed, no '.' when zero.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mews {

using Micros = int64_t;  // microseconds since 1970-01-01T00:00:00Z

constexpr Micros kMicrosPerSecond = 1000000;
constexpr Micros kMicrosPerDay = 86400 * kMicrosPerSecond;

// The instant of a timestamp (grammar above); nullopt for anything else.
std::optional<Micros> ParseTimestamp(std::string_view text);
// Days since 1970-01-01 of a date "YYYY-MM-DD"; nullopt for anything else.
std::optional<int64_t> ParseDate(std::string_view text);
// A timestamp, or a date read as its midnight UTC (what the command line accepts for an instant).
std::optional<Micros> ParseTimestampOrDate(std::string_view text);

// The longest canonical timestamp ("YYYY-MM-DDThh:mm:ss.ffffffZ").
constexpr size_t kMaxTimestampSize = 27;

// Writes the canonical form of `t` (years 0001..9999) into `out` (room for kMaxTimestampSize
// bytes); returns its size.
size_t WriteTimestamp(Micros t, char* out);
std::string FormatTimestamp(Micros t);
// The canonical form of timestamp `text` into `out` (room for kMaxTimestampSize bytes): its size,
// or 0 when `text` is not a timestamp.
size_t CanonicalizeTimestamp(std::string_view text, char* out);

// The canonical form of `text` when it is a timestamp; otherwise `text` unchanged (for values read
// back from a database, whose own text form may differ).
std::string CanonicalTimestampOr(std::string text);

// "YYYY-MM-DDThh:mm:ss" and, when `fraction_digits` (0..6) > 0, '.' and exactly that many digits
// of the microseconds (truncated), then 'Z'. A timestamp, not always the canonical one: for
// producers that imitate a particular writer (the simulator).
void AppendTimestampWithDigits(std::string* out, Micros t, int fraction_digits);

// "YYYY-MM-DD" of `days` since the epoch, and of the UTC day holding instant `t`.
void AppendDate(std::string* out, int64_t days);
std::string FormatDate(int64_t days);
std::string FormatDateOf(Micros t);

// Orders two texts by instant: <0, 0, >0. Texts that are not timestamps order before every
// timestamp and among themselves bytewise (so a comparison never fails).
int CompareTimestamps(std::string_view a, std::string_view b);

// Where every stage reads the time. Injected (tests pass a FixedClock); Clock::System() is the real
// one. Implementations must be thread-safe.
class Clock {
 public:
  using WallTime = std::chrono::system_clock::time_point;
  using SteadyTime = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual WallTime Now() = 0;
  // Never goes backwards; for durations and budgets.
  virtual SteadyTime MonotonicNow() = 0;
  // Blocks the calling thread for `duration` (no-op when not positive).
  virtual void SleepFor(std::chrono::milliseconds duration) = 0;

  Micros NowMicros();
  // The canonical timestamp of Now().
  std::string NowTimestamp();

  // The process-wide real clock. Never destroyed.
  static Clock* System();
};

Micros ToMicros(Clock::WallTime t);
Clock::WallTime FromMicros(Micros t);

// A clock for tests: time moves only by Set, Advance or SleepFor (which sleeps not at all).
// Not thread-safe.
class FixedClock : public Clock {
 public:
  explicit FixedClock(Micros now) : now_(now) {}
  WallTime Now() override { return FromMicros(now_); }
  SteadyTime MonotonicNow() override { return SteadyTime(std::chrono::microseconds(steady_)); }
  void SleepFor(std::chrono::milliseconds duration) override;
  void Set(Micros now) { now_ = now; }
  void Advance(Micros by);

 private:
  Micros now_;
  Micros steady_ = 0;
};

}  // namespace mews
