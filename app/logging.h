// Process-wide logging for mews-etl: spdlog to stderr, plain text or one JSON object per line.
// Secrets registered here are replaced by "***" in every message, whatever code logged them.
#pragma once

#include <string>

#include "core/status.h"

namespace mews {

// REQUIRES: called once, before any other thread logs. `format` is "text" or "json".
void InitLogging(const std::string& format);

// Adds a string (a token) that must never appear in output. Empty strings are ignored.
void RegisterSecret(const std::string& secret);

// Returns `text` with every registered secret replaced by "***".
std::string ScrubSecrets(std::string text);

// Logs a failed `status` at error level (OK is ignored) and remembers its message, so that the
// command's final error line does not repeat a failure already reported. Thread-safe.
void ReportError(const Status& status);

// True when ReportError already logged a status with this message.
bool ErrorReported(const Status& status);

// Names the connection this thread works for: JSON log lines carry it as "connection" (else the
// process's, see SetDefaultLogConnection) and text lines start with "[NAME] " when it is set.
void SetLogConnection(const std::string& connection);
void SetDefaultLogConnection(const std::string& connection);

// True when stderr is a terminal (progress is then drawn in place instead of logged).
bool StderrIsTerminal();

}  // namespace mews
