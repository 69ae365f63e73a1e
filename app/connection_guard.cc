#include "app/connection_guard.h"

#include <spdlog/spdlog.h>

#include "app/fingerprint.h"

namespace mews {
namespace {

Result<ClaimOutcome> Claim(RunStateStore* state, const ExporterOptions& exporter, bool rebind, bool write) {
  return state->ClaimConnection(TokenFingerprint(exporter.credentials.client_token, exporter.credentials.access_token),
                               ApiHost(exporter.api_url), rebind, write);
}

Status Refused(const std::string& connection) {
  return Status::InvalidArgument("connection \"" + connection +
                                 "\" was synced with another access token; give this property its own "
                                 "--connection NAME, or pass --rebind after rotating the token");
}

}  // namespace

std::string ApiHost(const std::string& api_url) {
  size_t start = api_url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = api_url.find_first_of("/?#", start);
  return api_url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Status CheckConnection(RunStateStore* state, const ExporterOptions& exporter, bool rebind, const std::string& connection) {
  Result<ClaimOutcome> claimed = Claim(state, exporter, rebind, false);
  if (!claimed.ok()) return claimed.status();
  return *claimed == ClaimOutcome::kMismatch ? Refused(connection) : Status::Ok();
}

Status RecordConnection(RunStateStore* state, const ExporterOptions& exporter, bool rebind, const std::string& connection) {
  Result<ClaimOutcome> claimed = Claim(state, exporter, rebind, true);
  if (!claimed.ok()) return claimed.status();
  const std::string fingerprint =
      TokenFingerprint(exporter.credentials.client_token, exporter.credentials.access_token);
  switch (*claimed) {
    case ClaimOutcome::kFirstUse:
      spdlog::info("connection \"{}\": token fingerprint {} recorded", connection, fingerprint);
      break;
    case ClaimOutcome::kRebound:
      spdlog::info("connection \"{}\": rebound to a new access token (fingerprint {}); watermarks kept",
                   connection, fingerprint);
      break;
    case ClaimOutcome::kMatched: break;
    case ClaimOutcome::kMismatch: return Refused(connection);  // another run claimed it meanwhile
  }
  return Status::Ok();
}

}  // namespace mews
