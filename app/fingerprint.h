// The fingerprint of a connection's credentials, stored in etl_connections so a later run can tell
// whether it uses the same access token without the database ever holding a token.
#pragma once

#include <string>

namespace mews {

// The first 16 hex digits (64 bits) of SHA-256 over the client token, a newline and the access
// token. Equal credentials give equal fingerprints; the tokens cannot be recovered from it.
std::string TokenFingerprint(const std::string& client_token, const std::string& access_token);

}  // namespace mews
