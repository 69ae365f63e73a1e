#include "app/extract_setup.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "app/cancel.h"
#include "app/logging.h"
#include "extract/request_budget.h"
#include "app/version.h"
#include "extract/url.h"

namespace mews {
namespace {
std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

Status CheckCaFile(const std::string& path) {
  if (path.empty()) return Status::Ok();
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::InvalidArgument("--ca-file / MEWS_CA_FILE: cannot read " + path + ": " +
                                   std::strerror(errno));
  }
  std::fclose(f);
  return Status::Ok();
}

Result<ExporterOptions> ExporterOptionsFromEnv(const Options& options) {
  ExporterOptions o;
  o.credentials.client_token = Env("MEWS_CLIENT_TOKEN");
  o.credentials.access_token = Env("MEWS_ACCESS_TOKEN");
  RegisterSecret(o.credentials.client_token);
  RegisterSecret(o.credentials.access_token);
  if (o.credentials.client_token.empty()) {
    return Status::InvalidArgument("MEWS_CLIENT_TOKEN is not set: export the Connector API client token "
                                   "(tokens are never accepted on the command line)");
  }
  if (o.credentials.access_token.empty()) {
    return Status::InvalidArgument("MEWS_ACCESS_TOKEN is not set: export the property's access token "
                                   "(tokens are never accepted on the command line)");
  }
  return ExporterOptionsWithTokens(options, o.credentials.client_token, o.credentials.access_token);
}

Result<ExporterOptions> ExporterOptionsWithTokens(const Options& options, const std::string& client_token,
                                                  const std::string& access_token) {
  ExporterOptions o;
  o.credentials.client_token = client_token;
  o.credentials.access_token = access_token;
  RegisterSecret(client_token);
  RegisterSecret(access_token);
  o.credentials.client = Env("MEWS_CLIENT");
  if (o.credentials.client.empty()) o.credentials.client = std::string("mews-etl ") + kVersion;
  std::string url = Env("MEWS_API_URL");
  if (!url.empty()) o.api_url = url;
  while (!o.api_url.empty() && o.api_url.back() == '/') o.api_url.pop_back();
  MEWS_RETURN_IF_ERROR(CheckSecureUrl(o.api_url, "MEWS_API_URL"));
  if (options.poll_interval > 0) {
    o.poll_interval = std::chrono::milliseconds(static_cast<long long>(options.poll_interval * 1000));
  } else {
    o.poll_interval = std::chrono::milliseconds(60000);
  }
  MEWS_RETURN_IF_ERROR(CheckCaFile(options.ca_file));
  o.http.ca_file = options.ca_file;
  o.http.user_agent = std::string("mews-etl/") + kVersion;
  o.http.cancelled = CancelRequested;
  // One request budget per ExporterOptions, i.e. per connection (Mews limits each access token to
  // 200 requests in any 30 s): shared by its export calls and reference reads, by no other.
  o.budget = std::make_shared<RequestBudget>(200, std::chrono::seconds(30), Clock::System());
  return o;
}

ExtractLog ExtractLogToSpdlog() {
  return [](LogLevel level, const std::string& line) {
    switch (level) {
      case LogLevel::kDebug: spdlog::debug("{}", line); break;
      case LogLevel::kInfo: spdlog::info("{}", line); break;
      case LogLevel::kWarn: spdlog::warn("{}", line); break;
    }
  };
}

}  // namespace mews
