// HttpClient over libcurl. One easy handle per client: curl_easy_reset keeps its connection cache,
// so consecutive requests to one host reuse the connection.
#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>

#include "extract/content_range.h"
#include "extract/http_client.h"
#include "extract/url.h"

namespace mews {
namespace {

constexpr size_t kMaxBodyBytes = 16u << 20;   // API replies are small; a bigger one is an error
constexpr size_t kMaxErrorBodyBytes = 64u << 10;
constexpr long kFileBufferBytes = 512L << 10;  // CURL_MAX_READ_SIZE of libcurl 7.53 and later

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// State of one request, shared with the curl callbacks.
struct Transfer {
  CURL* easy = nullptr;
  HttpResponse response;
  std::string content_range;
  bool overflow = false;
  // GET only:
  const std::string* path = nullptr;
  int64_t offset = 0;
  int64_t max_size = -1;
  bool too_large = false;
  int fd = -1;
  int write_errno = 0;
  bool bad_range = false;
  const HttpProgress* progress = nullptr;
  const std::function<bool()>* cancelled = nullptr;
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (redirect, 100 Continue): forget the last
    t->response.retry_after.clear();
    t->response.request_id.clear();
    t->response.content_encoding.clear();
    t->content_range.clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = Lower(Trim(line.substr(0, colon)));
  std::string value = Trim(line.substr(colon + 1));
  if (name == "retry-after") t->response.retry_after = value;
  if (name == "request-id") t->response.request_id = value;
  if (name == "content-encoding") t->response.content_encoding = Lower(value);
  if (name == "content-range") t->content_range = value;
  return size * n;
}

size_t OnPostBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (t->response.body.size() + size * n > kMaxBodyBytes) {
    t->overflow = true;
    return 0;
  }
  t->response.body.append(data, size * n);
  return size * n;
}

// Opens the target file once the status is known: append to a matching 206, else start over.
bool OpenTarget(Transfer* t) {
  int flags = O_WRONLY | O_CREAT;
  if (t->response.status == 206 && t->offset > 0) {
    // "bytes START-END/TOTAL": the part must continue exactly where the file ends.
    std::optional<ContentRange> range = ParseContentRange(t->content_range);
    if (!range || range->first != t->offset) {
      t->bad_range = true;
      return false;
    }
    flags |= O_APPEND;
  } else {
    flags |= O_TRUNC;
    t->response.restarted = t->offset > 0;
  }
  t->fd = ::open(t->path->c_str(), flags | O_CLOEXEC, 0644);
  if (t->fd < 0) t->write_errno = errno;
  return t->fd >= 0;
}

bool WriteAll(int fd, const char* data, size_t len, int* err) {
  while (len > 0) {
    ssize_t w = ::write(fd, data, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      *err = w < 0 ? errno : EIO;
      return false;
    }
    data += w;
    len -= static_cast<size_t>(w);
  }
  return true;
}

// True when `len` more bytes would take the file past its limit (with room for compression overhead
// when the body has a Content-Encoding).
bool ExceedsLimit(const Transfer& t, size_t len) {
  if (t.max_size < 0) return false;
  int64_t limit = t.max_size;
  const std::string& enc = t.response.content_encoding;
  if (!enc.empty() && enc != "identity") limit += t.max_size / 1000 + 1024;
  int64_t base = t.response.status == 206 ? t.offset : 0;
  return base + t.response.bytes_written + static_cast<int64_t>(len) > limit;
}

size_t OnFileBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->response.status);
  if (t->response.status < 200 || t->response.status >= 300) {
    size_t room = kMaxErrorBodyBytes - std::min(kMaxErrorBodyBytes, t->response.body.size());
    t->response.body.append(data, std::min(room, len));
    return len;
  }
  if (t->fd < 0 && !OpenTarget(t)) return 0;
  if (ExceedsLimit(*t, len)) {
    t->too_large = true;
    return 0;
  }
  if (!WriteAll(t->fd, data, len, &t->write_errno)) return 0;
  t->response.bytes_written += static_cast<int64_t>(len);
  if (t->progress && *t->progress) (*t->progress)(t->response.bytes_written);
  return len;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return (t->cancelled && *t->cancelled && (*t->cancelled)()) ? 1 : 0;
}

// Failures a retry cannot fix: the server's certificate does not verify, or the CA file is bad.
bool IsTlsTrustError(CURLcode code) {
  return code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE ||
         code == CURLE_SSL_ISSUER_ERROR || code == CURLE_SSL_PINNEDPUBKEYNOTMATCH;
}

Status TlsTrustError(const std::string& url, const std::string& detail, const std::string& ca_file) {
  std::string trust = ca_file.empty() ? "the system's CA bundle"
                                      : "the CA file " + ca_file + " (--ca-file / MEWS_CA_FILE)";
  std::string fix = ca_file.empty()
      ? "if it comes from a private CA, pass --ca-file FILE (or set MEWS_CA_FILE); "
        "check that the URL names the host the certificate is for"
      : "check that the file holds the CA that signed the certificate and that the URL names the "
        "host the certificate is for";
  return Status::InvalidArgument("TLS certificate of " + UrlHost(url) + " not trusted by " + trust +
                                 ": " + (detail.empty() ? "verification failed" : detail) + " (" +
                                 RedactUrl(url) + "); " + fix);
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(const HttpClientOptions& options) : options_(options) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    easy_ = curl_easy_init();
  }
  ~CurlHttpClient() override { curl_easy_cleanup(easy_); }
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> PostJson(const std::string& url, const std::string& json) override;
  Result<HttpResponse> GetToFile(const std::string& url, const std::string& path, int64_t offset,
                                 int64_t max_size, const HttpProgress& progress) override;

 private:
  void SetCommon(Transfer* t, const std::string& url);
  Status Finish(const std::string& method, const std::string& url, CURLcode code, Transfer* t);

  HttpClientOptions options_;
  CURL* easy_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {0};
};

// Options every request gets. Nothing here touches proxies, so libcurl keeps honouring
// http_proxy / https_proxy / no_proxy from the environment.
void CurlHttpClient::SetCommon(Transfer* t, const std::string& url) {
  curl_easy_reset(easy_);
  error_[0] = '\0';
  t->easy = easy_;
  t->cancelled = &options_.cancelled;
  curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy_, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(easy_, CURLOPT_HEADERDATA, t);
  curl_easy_setopt(easy_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(easy_, CURLOPT_XFERINFOFUNCTION, &OnProgress);
  curl_easy_setopt(easy_, CURLOPT_XFERINFODATA, t);
}

// Turns a finished transfer into a Status; messages name the URL without its query string.
Status CurlHttpClient::Finish(const std::string& method, const std::string& url, CURLcode code,
                              Transfer* t) {
  if (t->fd >= 0) ::close(t->fd);
  t->fd = -1;
  std::string where = method + " " + RedactUrl(url);
  if (t->write_errno != 0) {
    return Status::IoError("cannot write " + *t->path + ": " + std::strerror(t->write_errno) +
                           " (downloading " + RedactUrl(url) + ")");
  }
  if (t->bad_range) {
    return Status::Unavailable(where + " answered a Range request with Content-Range '" +
                               t->content_range + "'");
  }
  if (t->overflow) return Status::Unavailable(where + " returned a reply larger than 16 MiB");
  if (t->too_large) {
    return Status::ParseError(where + " sent more than the expected " + std::to_string(t->max_size) +
                              " bytes; cut off there");
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) return Status::Aborted(where + " cancelled");
  if (code != CURLE_OK) {
    std::string detail = error_;
    detail = detail.substr(0, detail.find_first_of("?\r\n"));  // curl may quote the URL
    if (IsTlsTrustError(code)) return TlsTrustError(url, detail, options_.ca_file);
    return Status::Unavailable(where + " failed: " + curl_easy_strerror(code) +
                               (detail.empty() ? "" : " (" + detail + ")"));
  }
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &t->response.status);
  return Status::Ok();
}

Result<HttpResponse> CurlHttpClient::PostJson(const std::string& url, const std::string& json) {
  Transfer t;
  SetCommon(&t, url);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, json.data());
  curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json.size()));
  curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
  curl_easy_setopt(easy_, CURLOPT_TIMEOUT, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &OnPostBody);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &t);
  CURLcode code = curl_easy_perform(easy_);
  curl_slist_free_all(headers);
  Status s = Finish("POST", url, code, &t);
  if (!s.ok()) return s;
  return std::move(t.response);
}

Result<HttpResponse> CurlHttpClient::GetToFile(const std::string& url, const std::string& path,
                                               int64_t offset, int64_t max_size,
                                               const HttpProgress& progress) {
  Transfer t;
  t.path = &path;
  t.offset = offset;
  t.max_size = max_size;
  t.progress = &progress;
  SetCommon(&t, url);
  std::string range = std::to_string(offset) + "-";
  if (offset > 0) curl_easy_setopt(easy_, CURLOPT_RANGE, range.c_str());
  bool https = url.rfind("https://", 0) == 0;
  curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
  curl_easy_setopt(easy_, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time.count()));
  // Bodies arrive and are written in pieces of up to 512 KiB (libcurl's default is 16 KiB): a
  // thirty-second of the system calls for an export file, CPU the overlapped load can use.
  curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, kFileBufferBytes);
  curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &OnFileBody);
  curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &t);
  CURLcode code = curl_easy_perform(easy_);
  // An empty 2xx body never reaches the write callback: create or truncate the file now.
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  if (code == CURLE_OK && status >= 200 && status < 300 && t.fd < 0 && t.write_errno == 0) {
    t.response.status = status;
    OpenTarget(&t);
  }
  Status s = Finish("GET", url, code, &t);
  if (!s.ok()) return s;
  return std::move(t.response);
}

}  // namespace

std::unique_ptr<HttpClient> NewCurlHttpClient(const HttpClientOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace mews
