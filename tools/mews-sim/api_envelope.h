// Internal to the mews-sim server library: the request-envelope checks every Connector API
// operation shares (tokens, Client, allowed keys). Includes simdjson; never included outside
// tools/mews-sim.
#pragma once

#include <simdjson.h>

#include <set>
#include <string>
#include <string_view>

#include "tools/mews-sim/api_request.h"

namespace mews::sim::internal {

// Sets `error` and returns false.
bool Fail(ApiError* error, int status, std::string message);
std::string Lower(std::string_view s);

// Parses the body: a JSON object (else 400 "Invalid JSON."), ClientToken and AccessToken equal
// to `auth` (else 401), a non-empty Client (else 400), and only `allowed` keys (else 400 naming
// the first other key).
bool ParseEnvelope(simdjson::dom::parser& parser, simdjson::padded_string& padded,
                   const ApiAuth& auth, const std::set<std::string_view>& allowed,
                   simdjson::dom::object* root, ApiError* error);

}  // namespace mews::sim::internal
