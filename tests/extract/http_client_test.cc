// The libcurl HttpClient against a real HTTP server on 127.0.0.1 (cpp-httplib).
#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "extract/http_client.h"
#include "tests/extract/fake_mews.h"
#include "tests/extract/file_util.h"
#include "tests/support/process.h"

namespace mews {
namespace {

const std::string kData = [] {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "{\"Id\":" + std::to_string(i) + ",\"Name\":\"line\"}\n";
  return s;
}();

// A server with the routes these tests need; remembers the last request's headers.
class TestServer {
 public:
  TestServer() {
    server_.Post("/json", [this](const httplib::Request& q, httplib::Response& r) {
      Remember(q);
      r.set_header("Request-Id", "rid-7");
      r.set_content(R"({"echo":)" + std::to_string(q.body.size()) + "}", "application/json");
    });
    server_.Post("/gz", [this](const httplib::Request& q, httplib::Response& r) {
      Remember(q);
      r.set_header("Content-Encoding", "gzip");
      r.set_content(test::Gzip(R"({"compressed":true})"), "application/json");
    });
    server_.Post("/busy", [](const httplib::Request&, httplib::Response& r) {
      r.status = 429;
      r.set_header("Retry-After", "7");
      r.set_content("{}", "application/json");
    });
    server_.Get("/data", [this](const httplib::Request& q, httplib::Response& r) {
      Remember(q);
      r.set_content(kData, "application/octet-stream");  // httplib answers a Range with 206
    });
    server_.Get("/full", [this](const httplib::Request& q, httplib::Response& r) {
      Remember(q);
      const_cast<httplib::Request&>(q).ranges.clear();  // behave like a server without Range support
      r.set_content(kData, "application/octet-stream");
    });
    server_.Get("/cut", [](const httplib::Request&, httplib::Response& r) {
      r.set_content_provider(kData.size(), "application/octet-stream",
                             [](size_t offset, size_t, httplib::DataSink& sink) {
                               sink.write(kData.data() + offset, 1000);
                               return false;
                             });
    });
    server_.Get(R"(http://mews\.example/.*)", [](const httplib::Request& q, httplib::Response& r) {
      r.set_content("proxied " + q.path, "text/plain");  // absolute-form target: we are the proxy
    });
    server_.Get("/denied", [](const httplib::Request&, httplib::Response& r) {
      r.status = 403;
      r.set_content("AuthenticationFailed", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string Header(const std::string& name) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = headers_.find(name);
    return it == headers_.end() ? "" : it->second;
  }

 private:
  void Remember(const httplib::Request& q) {
    std::lock_guard<std::mutex> lock(mu_);
    headers_ = q.headers;
  }
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  httplib::Headers headers_;
};

// Sets (or, with "", unsets) an environment variable for one scope.
class EnvOverride {
 public:
  EnvOverride(const char* name, const std::string& value) : name_(name) {
    const char* old = std::getenv(name);
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value.empty()) unsetenv(name);
    else setenv(name, value.c_str(), 1);
  }
  ~EnvOverride() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }

 private:
  const char* name_;
  bool had_ = false;
  std::string old_;
};

std::unique_ptr<HttpClient> Client() {
  HttpClientOptions o;
  o.user_agent = "mews-etl/test";
  return NewCurlHttpClient(o);
}

}  // namespace

TEST_SUITE("extract.integration") {

TEST_CASE("PostJson sends JSON with a User-Agent and Accept-Encoding and returns status and Request-Id") {
  TestServer server;
  auto http = Client();
  Result<HttpResponse> r = http->PostJson(server.Url("/json"), R"({"a":1})");
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == R"({"echo":7})");
  CHECK(r->request_id == "rid-7");
  CHECK(server.Header("User-Agent") == "mews-etl/test");
  CHECK(server.Header("Content-Type") == "application/json");
  CHECK(server.Header("Accept-Encoding") == "gzip, deflate");
}

TEST_CASE("PostJson decodes a gzip-encoded reply") {
  TestServer server;
  auto http = Client();
  Result<HttpResponse> r = http->PostJson(server.Url("/gz"), "{}");
  REQUIRE(r.ok());
  CHECK(r->body == R"({"compressed":true})");
  CHECK(r->content_encoding == "gzip");
}

TEST_CASE("an HTTP error status is a response, with Retry-After, not a transport error") {
  TestServer server;
  auto http = Client();
  Result<HttpResponse> r = http->PostJson(server.Url("/busy"), "{}");
  REQUIRE(r.ok());
  CHECK(r->status == 429);
  CHECK(r->retry_after == "7");
}

TEST_CASE("a refused connection is Unavailable naming the URL without its query string") {
  auto http = Client();
  Result<HttpResponse> r = http->PostJson("http://127.0.0.1:1/api?AccessToken=SECRET", "{}");
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message().rfind("POST http://127.0.0.1:1/api failed: ", 0) == 0);
  CHECK(r.status().message().find("SECRET") == std::string::npos);
}

TEST_CASE("GetToFile streams the body to a file, and a Range offset appends the rest") {
  TestServer server;
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  test::Spit(path, kData.substr(0, 12345));
  int64_t last_progress = 0;
  Result<HttpResponse> r = http->GetToFile(server.Url("/data?sig=x"), path, 12345, -1,
                                           [&](int64_t n) { last_progress = n; });
  REQUIRE(r.ok());
  CHECK(r->status == 206);
  CHECK(server.Header("Range") == "bytes=12345-");
  CHECK(server.Header("Accept-Encoding") == "");
  CHECK(r->bytes_written == static_cast<int64_t>(kData.size() - 12345));
  CHECK(last_progress == r->bytes_written);
  CHECK_FALSE(r->restarted);
  CHECK(test::Slurp(path) == kData);
}

TEST_CASE("a 200 reply to a Range request restarts the file from the beginning") {
  TestServer server;
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  test::Spit(path, "garbage that is not the file");
  Result<HttpResponse> r = http->GetToFile(server.Url("/full"), path, 28, -1, {});
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->restarted);
  CHECK(test::Slurp(path) == kData);
}

TEST_CASE("a cut-off download is Unavailable and keeps the bytes that arrived") {
  TestServer server;
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  Result<HttpResponse> r = http->GetToFile(server.Url("/cut?sig=SECRET"), path, 0, -1, {});
  CHECK(r.status().code() == StatusCode::kUnavailable);
  CHECK(r.status().message().rfind("GET " + server.Url("/cut") + " failed: ", 0) == 0);
  CHECK(r.status().message().find("SECRET") == std::string::npos);
  CHECK(test::Slurp(path) == kData.substr(0, 1000));
}

TEST_CASE("a reply larger than max_size is cut off there as a ParseError, one of exactly max_size is whole") {
  TestServer server;
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  int64_t max = static_cast<int64_t>(kData.size()) - 100;
  Result<HttpResponse> r = http->GetToFile(server.Url("/data?sig=SECRET"), path, 0, max, {});
  CHECK(r.status().code() == StatusCode::kParseError);
  CHECK(r.status().message() == "GET " + server.Url("/data") + " sent more than the expected " +
                                    std::to_string(max) + " bytes; cut off there");
  CHECK(static_cast<int64_t>(test::Slurp(path).size()) <= max);

  test::Spit(path, kData.substr(0, 12345));  // a resumed part counts towards the limit
  r = http->GetToFile(server.Url("/data"), path, 12345, max, {});
  CHECK(r.status().code() == StatusCode::kParseError);
  r = http->GetToFile(server.Url("/data"), path, 0, static_cast<int64_t>(kData.size()), {});
  REQUIRE(r.ok());
  CHECK(test::Slurp(path) == kData);
}

TEST_CASE("a 403 on a file leaves the partial file untouched") {
  TestServer server;
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  test::Spit(path, "partial");
  Result<HttpResponse> r = http->GetToFile(server.Url("/denied"), path, 0, -1, {});
  REQUIRE(r.ok());
  CHECK(r->status == 403);
  CHECK(r->body == "AuthenticationFailed");
  CHECK(test::Slurp(path) == "partial");
}

TEST_CASE("a full disk is an IoError naming the file") {
  TestServer server;
  auto http = Client();
  std::string dir = test::TempDir("http");
  std::filesystem::create_symlink("/dev/full", dir + "/f.part");
  Result<HttpResponse> r = http->GetToFile(server.Url("/data"), dir + "/f.part", 0, -1, {});
  CHECK(r.status().code() == StatusCode::kIoError);
  CHECK(r.status().message() == "cannot write " + dir + "/f.part: No space left on device (downloading " +
                                    server.Url("/data") + ")");
}

TEST_CASE("the http_proxy environment variable is honoured") {
  TestServer proxy;
  EnvOverride proxy_env("http_proxy", proxy.Url(""));
  EnvOverride no_proxy("no_proxy", ""), no_proxy_upper("NO_PROXY", "");
  auto http = Client();
  std::string path = test::TempDir("http") + "/f.part";
  Result<HttpResponse> r = http->GetToFile("http://mews.example/file-1.jsonl", path, 0, -1, {});
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(test::Slurp(path) == "proxied http://mews.example/file-1.jsonl");
}

TEST_CASE("a cancelled transfer stops with Aborted") {
  TestServer server;
  HttpClientOptions o;
  o.cancelled = [] { return true; };
  auto http = NewCurlHttpClient(o);
  std::string path = test::TempDir("http") + "/f.part";
  Result<HttpResponse> r = http->GetToFile(server.Url("/data"), path, 0, -1, {});
  CHECK(r.status().code() == StatusCode::kAborted);
}

}  // TEST_SUITE

}  // namespace mews
