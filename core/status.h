// Status: the outcome of an operation that can fail, passed across stage boundaries as a value.
// A default-constructed Status is OK. Cheap to copy when ok(). Thread-compatible.
#pragma once

#include <string>
#include <utility>

namespace mews {

enum class StatusCode {
  kOk,
  kInvalidArgument,  // bad flag, bad configuration, bad mapping: the user must change something
  kParseError,       // input data that cannot be turned into a row
  kNotFound,
  kIoError,          // local files: unreadable, unwritable, disk full
  kUnavailable,      // transient: network, rate limit, server busy; retrying may help
  kUnauthenticated,  // tokens rejected
  kDatabase,         // the database refused a statement or the connection
  kRetryable,        // the database aborted the transaction (serialization failure, deadlock): run it again
  kInDoubt,          // the connection broke during a COMMIT: it may or may not have happened
  kAborted,          // stopped by a signal or a limit (e.g. --max-rejects)
  kInternal,
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status ParseError(std::string m) { return {StatusCode::kParseError, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status Database(std::string m) { return {StatusCode::kDatabase, std::move(m)}; }
  static Status Retryable(std::string m) { return {StatusCode::kRetryable, std::move(m)}; }
  static Status InDoubt(std::string m) { return {StatusCode::kInDoubt, std::move(m)}; }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is prefixed with `context` and ": ".
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Evaluates `expr` (a Status) and returns it from the enclosing function when not OK.
#define MEWS_RETURN_IF_ERROR(expr)      \
  do {                                  \
    ::mews::Status _mews_s = (expr);    \
    if (!_mews_s.ok()) return _mews_s;  \
  } while (0)

}  // namespace mews
