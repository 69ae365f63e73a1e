// mews-etl check: the API lines (host name, TLS, tokens).
#include <netdb.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include <random>

#include "app/preflight.h"
#include "extract/url.h"

namespace mews {
namespace {

CheckLine Ok(const std::string& name, const std::string& detail) { return {name, true, detail, ""}; }
CheckLine Fail(const std::string& name, const std::string& detail, const std::string& fix) {
  return {name, false, detail, fix};
}

// The first address `host` resolves to, or the resolver's error.
CheckLine ResolveHost(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) {
    return Fail("api-host", "cannot resolve " + host + ": " + gai_strerror(rc),
                "check the host name in MEWS_API_URL and this machine's DNS");
  }
  char text[INET6_ADDRSTRLEN] = "?";
  const sockaddr* a = found->ai_addr;
  const void* bytes = a->sa_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr);
  inet_ntop(a->sa_family, bytes, text, sizeof text);
  freeaddrinfo(found);
  return Ok("api-host", host + " resolves to " + text);
}

std::string RandomUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  static const char kHex[] = "0123456789abcdef";
  std::string s = "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx";
  for (char& c : s) {
    if (c == 'x') c = kHex[gen() & 15];
  }
  return s;
}

CheckLine TlsLine(const ExporterOptions& o) {
  if (o.api_url.rfind("https://", 0) != 0) {
    return Ok("tls", "not used: plain http to a loopback address (a local simulator)");
  }
  std::string trust = o.http.ca_file.empty() ? "the system's CA bundle" : "the CA file " + o.http.ca_file;
  return Ok("tls", "certificate of " + UrlHost(o.api_url) + " verified against " + trust);
}

// tokens from a reply of exports/getAll (any status).
CheckLine TokensLine(const HttpResponse& reply, const std::string& url) {
  if (reply.status == 200) {
    Result<std::vector<ExportInfo>> parsed = ParseGetAllResponse(reply.body);
    if (!parsed.ok()) {
      return Fail("tokens", RedactUrl(url) + " answered 200 but not like Mews: " + parsed.status().message(),
                  "check that MEWS_API_URL is the Mews Connector API");
    }
    return Ok("tokens", "accepted: exports/getAll answered 200");
  }
  std::string line = MewsClient::ReplyError("exports/getAll", reply).message();
  if (reply.status == 401) return Fail("tokens", line, "set MEWS_CLIENT_TOKEN and MEWS_ACCESS_TOKEN to the integration's tokens");
  if (reply.status == 403) {
    return Fail("tokens", line, "ask Mews Partner Success to enable the export operations for your integration");
  }
  return Fail("tokens", line, "check MEWS_API_URL; retry later if Mews is unavailable");
}

}  // namespace

std::vector<CheckLine> CheckApi(const ExporterOptions& o) {
  std::vector<CheckLine> out;
  out.push_back(ResolveHost(UrlHost(o.api_url)));
  if (!out.back().ok) {
    out.push_back(Fail("tls", "not checked: the host does not resolve", "fix api-host first"));
    out.push_back(Fail("tokens", "not checked: the host does not resolve", "fix api-host first"));
    return out;
  }
  std::unique_ptr<HttpClient> http = NewCurlHttpClient(o.http);
  RetryOptions retry;
  retry.max_attempts = 3;
  retry.budget = std::chrono::milliseconds(20000);
  MewsClient client(o.api_url, o.credentials, http.get(), Clock::System(), RetryPolicy(retry), {});
  client.set_budget(o.budget.get());  // the connection's request budget, as every API call
  Result<HttpResponse> reply = client.GetExportsReply({RandomUuid()});
  if (!reply.ok()) {
    bool tls = reply.status().code() == StatusCode::kInvalidArgument;
    std::string fix = tls ? "trust the server's CA with --ca-file FILE (or MEWS_CA_FILE), or fix MEWS_API_URL"
                          : "check MEWS_API_URL, the network, and the proxy variables (https_proxy)";
    out.push_back(Fail("tls", reply.status().message(), fix));
    out.push_back(Fail("tokens", "not checked: no answer from the API", "fix tls first"));
    return out;
  }
  out.push_back(TlsLine(o));
  out.push_back(TokensLine(reply.value(), o.api_url));
  return out;
}

}  // namespace mews
