// Builds the extract stage's options from the environment (tokens, client, API URL) and the command
// line, and routes its log lines to the process log. Tokens are registered as secrets first.
#pragma once

#include "app/options.h"
#include "extract/exporter.h"

namespace mews {

// InvalidArgument naming the variable when a token is missing or MEWS_API_URL is not acceptable.
Result<ExporterOptions> ExporterOptionsFromEnv(const Options& options);

// The same with the tokens given (a connection of the --config file); registers them as secrets.
Result<ExporterOptions> ExporterOptionsWithTokens(const Options& options, const std::string& client_token,
                                                  const std::string& access_token);

// OK when `path` (--ca-file / MEWS_CA_FILE) is empty or a readable file; else InvalidArgument.
Status CheckCaFile(const std::string& path);

// An ExtractLog that writes to spdlog.
ExtractLog ExtractLogToSpdlog();

}  // namespace mews
