#include "extract/url.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace mews {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool IsScheme(const std::string& s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
}

// Splits "scheme://authority/path?query" into its scheme and the authority without user info.
bool SplitUrl(const std::string& url, std::string* scheme, std::string* authority,
              std::string* path) {
  size_t sep = url.find("://");
  if (sep == std::string::npos || !IsScheme(url.substr(0, sep))) return false;
  *scheme = Lower(url.substr(0, sep));
  size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  std::string auth = url.substr(start, end - start);
  size_t at = auth.rfind('@');
  if (at != std::string::npos) auth = auth.substr(at + 1);
  *authority = auth;
  size_t path_end = url.find_first_of("?#", end);
  *path = url.substr(end, (path_end == std::string::npos ? url.size() : path_end) - end);
  return true;
}

bool IsLoopbackIpv4(const std::string& host) {
  int parts = 0;
  size_t pos = 0;
  long first = -1;
  while (pos <= host.size()) {
    size_t dot = host.find('.', pos);
    std::string part = host.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return false;
    }
    long value = std::strtol(part.c_str(), nullptr, 10);
    if (value > 255) return false;
    if (parts == 0) first = value;
    ++parts;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return parts == 4 && first == 127;
}

}  // namespace

std::string RedactUrl(const std::string& url) {
  std::string scheme, authority, path;
  if (SplitUrl(url, &scheme, &authority, &path)) return scheme + "://" + authority + path;
  std::string text = url.substr(0, url.find_first_of("?#"));
  // Not a URL, but it may still hold "user:password@" after a "://": drop that too.
  const size_t sep = text.find("://");
  if (sep != std::string::npos) {
    const size_t at = text.rfind('@', text.find('/', sep + 3));
    if (at != std::string::npos && at > sep) text.erase(sep + 3, at + 1 - (sep + 3));
  }
  return text;
}

std::string UrlHost(const std::string& url) {
  std::string scheme, authority, path;
  if (!SplitUrl(url, &scheme, &authority, &path)) return "";
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    return Lower(authority.substr(1, close == std::string::npos ? std::string::npos : close - 1));
  }
  return Lower(authority.substr(0, authority.find(':')));
}

bool IsLoopbackHost(const std::string& host) {
  std::string h = Lower(host);
  return h == "localhost" || h == "::1" || IsLoopbackIpv4(h);
}

Status CheckSecureUrl(const std::string& url, const std::string& what) {
  // libcurl reads a URL up to its first NUL, and no URL holds a space or control character: such a
  // URL could name another host than the one checked here.
  const auto bad = std::find_if(url.begin(), url.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
  if (bad != url.end()) {
    return Status::InvalidArgument(what + " holds a space or control character after: " +
                                   RedactUrl(std::string(url.begin(), bad)));
  }
  std::string scheme, authority, path;
  if (!SplitUrl(url, &scheme, &authority, &path) || UrlHost(url).empty()) {
    return Status::InvalidArgument(what + " is not an absolute URL: " + RedactUrl(url));
  }
  if (scheme == "https") return Status::Ok();
  if (scheme == "http" && IsLoopbackHost(UrlHost(url))) return Status::Ok();
  return Status::InvalidArgument(what + " must use https:// (plain http:// only for loopback): " +
                                 RedactUrl(url));
}

std::string JoinUrl(const std::string& base, const std::string& path) {
  size_t end = base.find_last_not_of('/');
  return (end == std::string::npos ? std::string() : base.substr(0, end + 1)) + path;
}

}  // namespace mews
