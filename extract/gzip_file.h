// Decoding of downloaded files that arrive gzip- or zlib-compressed (Content-Encoding or magic).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mews {

// True when the file at `path` starts with the gzip magic bytes 1F 8B.
bool HasGzipMagic(const std::string& path);

// Streams `in` (gzip, possibly several members, or zlib) into `out` (created or truncated) in fixed
// buffers and stores the decoded size in `*decoded_bytes`. ParseError for corrupt or truncated
// input; IoError naming the file for read or write failures (e.g. a full disk).
Status GunzipFile(const std::string& in, const std::string& out, int64_t* decoded_bytes);

}  // namespace mews
