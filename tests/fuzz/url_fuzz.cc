// The URL helpers over arbitrary text: RedactUrl never lets a query string, fragment or user info
// through; UrlHost and CheckSecureUrl agree with libcurl's own URL parser about the host, so plain
// http is only ever allowed to a host libcurl would also see as loopback.
#include <curl/curl.h>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/url.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using mews::fuzz::Printable;

// The host libcurl would connect to, lower-cased without brackets; "" when libcurl refuses the URL.
std::string CurlHost(const std::string& url) {
  CURLU* u = curl_url();
  std::string host;
  char* part = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
    host = part;
    curl_free(part);
  }
  curl_url_cleanup(u);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const std::string redacted = mews::RedactUrl(url);
  FUZZ_CHECK(redacted.find_first_of("?#") == std::string::npos, Printable(url));
  FUZZ_CHECK(mews::RedactUrl(redacted) == redacted, Printable(url));
  const size_t sep = redacted.find("://");
  if (sep != std::string::npos) {
    const std::string authority = redacted.substr(sep + 3, redacted.find('/', sep + 3) - sep - 3);
    FUZZ_CHECK(authority.find('@') == std::string::npos, Printable(url));
  }
  const std::string host = mews::UrlHost(url);
  for (char c : host) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), Printable(url));

  const mews::Status secure = mews::CheckSecureUrl(url, "URL");
  if (!secure.ok()) {
    FUZZ_CHECK(secure.message().find_first_of("?#") == std::string::npos, Printable(secure.message()));
    return 0;
  }
  // Allowed: https, or http to loopback. For http, libcurl must see the same loopback host.
  std::string scheme = url.substr(0, url.find("://"));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  FUZZ_CHECK(scheme == "https" || scheme == "http", Printable(url));
  if (scheme == "http") {
    const std::string curl_host = CurlHost(url);
    FUZZ_CHECK(curl_host.empty() || mews::IsLoopbackHost(curl_host),
               "plain http allowed to " + Printable(curl_host) + " for " + Printable(url));
  }
  return 0;
}
