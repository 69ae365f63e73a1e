// URL helpers for everything extract prints or connects to. Signed file URLs carry their credential in
// the query string, so no URL is ever printed except through RedactUrl.
#pragma once

#include <string>

#include "core/status.h"

namespace mews {

// Returns `url` without user info, query string and fragment: "scheme://host[:port]/path".
// Safe to log. Text that is not a URL is returned up to its first '?' or '#', without what looks
// like user info after a "://".
std::string RedactUrl(const std::string& url);

// The lower-cased host of `url` without brackets or port ("" when there is none).
std::string UrlHost(const std::string& url);

// True for localhost, 127.0.0.0/8 and ::1.
bool IsLoopbackHost(const std::string& host);

// OK when `url` is https://, or http:// to a loopback host (mews-sim), and holds no space or
// control character (libcurl would stop at a NUL). Otherwise InvalidArgument naming `what` (e.g.
// "MEWS_API_URL") and the redacted URL.
Status CheckSecureUrl(const std::string& url, const std::string& what);

// `base` without trailing slashes, joined with `path` (which starts with '/').
std::string JoinUrl(const std::string& base, const std::string& path);

}  // namespace mews
