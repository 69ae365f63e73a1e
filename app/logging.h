// Process-wide logging for mews-etl: spdlog to stderr, plain text or one JSON object per line.
// Secrets registered here are replaced by "***" in every message, whatever code logged them.
#pragma once

#include <string>

namespace mews {

// REQUIRES: called once, before any other thread logs. `format` is "text" or "json".
void InitLogging(const std::string& format);

// Adds a string (a token) that must never appear in output. Empty strings are ignored.
void RegisterSecret(const std::string& secret);

// Returns `text` with every registered secret replaced by "***".
std::string ScrubSecrets(std::string text);

// True when stderr is a terminal (progress is then drawn in place instead of logged).
bool StderrIsTerminal();

}  // namespace mews
