// The network seam of the extract stage: blocking HTTP POST of JSON and streaming GET to a file.
// Implementations are thread-compatible (one client per thread); the curl one reuses connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"

namespace mews {

struct HttpResponse {
  long status = 0;                // final HTTP status code
  std::string body;               // POST: the (decoded) body; GET: the body of a non-2xx reply only
  std::string retry_after;        // Retry-After header, as sent
  std::string request_id;         // Request-Id header
  std::string content_encoding;   // Content-Encoding header of the body as sent (lower-case)
  int64_t bytes_written = 0;      // GET: bytes of this response appended to the file
  bool restarted = false;         // GET: a Range request got a full 200, so the file was truncated
};

struct HttpClientOptions {
  std::string user_agent = "mews-etl";
  std::chrono::seconds connect_timeout{15};
  // POST: the whole request/response must finish within this time.
  std::chrono::seconds request_timeout{120};
  // GET: a transfer slower than `low_speed_bytes` per second for `low_speed_time` is aborted
  // (downloads have no total timeout: files may be large).
  long low_speed_bytes = 1;
  std::chrono::seconds low_speed_time{60};
  // Polled during transfers; returning true aborts the transfer with kAborted. Default: never.
  std::function<bool()> cancelled;
  // PEM file of the certificate authorities to trust instead of the system's bundle (--ca-file,
  // MEWS_CA_FILE). Default "": the system's.
  std::string ca_file;
};

// Called during GET with the bytes appended to the file so far in this response.
using HttpProgress = std::function<void(int64_t bytes_written)>;

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // POSTs `json` with Content-Type application/json, accepting gzip/deflate (decoded transparently).
  // Returns non-OK only for transport failures (kUnavailable, naming the URL without its query)
  // and for a TLS certificate that does not verify (kInvalidArgument naming the host and how to
  // trust its CA; never retried); HTTP error statuses come back in the response.
  virtual Result<HttpResponse> PostJson(const std::string& url, const std::string& json) = 0;

  // GETs `url` into `path`. With `offset` > 0 sends "Range: bytes=<offset>-" and appends a 206 reply
  // to the file (a 200 reply truncates it first); with 0 the file is created or truncated. Bytes are
  // stored exactly as sent (no content decoding). A non-2xx reply leaves the file untouched.
  // A broken transfer returns kUnavailable and leaves what arrived in the file; a failed write
  // returns kIoError naming `path`. TLS failures as for PostJson.
  // `max_size` (-1: no limit) bounds the file: a reply that would make it larger is cut off there
  // (kParseError; the file then holds no trusted bytes). Replies with a Content-Encoding may exceed
  // it by the compression's worst-case overhead (max_size / 1000 + 1 KiB).
  virtual Result<HttpResponse> GetToFile(const std::string& url, const std::string& path,
                                         int64_t offset, int64_t max_size,
                                         const HttpProgress& progress) = 0;
};

// A libcurl client: TLS peer and host verification always on, proxy environment variables honoured,
// one connection cache per client.
std::unique_ptr<HttpClient> NewCurlHttpClient(const HttpClientOptions& options);

}  // namespace mews
