// The guard against syncing one connection name with two access tokens (etl_connections).
#pragma once

#include "extract/exporter.h"
#include "load/sink.h"

namespace mews {

// Before a run: InvalidArgument (exit 2, nothing loaded) with the contract's line when the sink's
// connection was synced with other credentials than `exporter`'s and `rebind` is not set. Writes
// nothing, so a run whose token turns out to be wrong leaves no fingerprint behind.
Status CheckConnection(RunStateStore* state, const ExporterOptions& exporter, bool rebind, const std::string& connection);

// After a run in which the API accepted the credentials: stores their fingerprint and API host
// (first use, or --rebind) or refreshes the last use.
Status RecordConnection(RunStateStore* state, const ExporterOptions& exporter, bool rebind, const std::string& connection);

// "api.mews.com" of "https://api.mews.com/..." (the host and port of an API URL).
std::string ApiHost(const std::string& api_url);

}  // namespace mews
