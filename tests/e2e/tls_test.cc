// TLS is proven, not assumed (issue 14): mews-etl against an https mews-sim whose certificate is
// generated at test time. Untrusted certificates, for the API and for signed file URLs alike, are
// refused at once with one clear line; --ca-file / MEWS_CA_FILE naming the CA makes them trusted;
// plain http to a non-loopback host is refused before anything is sent.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "tests/e2e/e2e_util.h"
#include "tests/e2e/test_certs.h"

namespace mews::test {
namespace {

const TestCerts& Certs() {
  static const TestCerts certs = MakeTestCerts();
  return certs;
}

std::vector<std::string> HttpsSim(const std::string& cert, const std::string& key) {
  return {"--count", "40", "--processing-seconds", "0", "--tls-cert", cert, "--tls-key", key};
}

std::vector<std::string> ExtractArgs(const std::string& dir, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"extract", "--entity", "Customer", "--out", dir + "/files",
                                   "--db", "sqlite:" + dir + "/state.db", "--poll-interval", "0.1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

size_t FileRequests(Sim& sim) {
  std::vector<Sim::Request> all = sim.Requests();
  return std::count_if(all.begin(), all.end(),
                       [](const Sim::Request& q) { return q.path.rfind("/files/", 0) == 0; });
}

size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// The one error line of a refused run.
std::string RefusalLine(const ProcessResult& r) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  std::vector<std::string> errors = ErrorLines(r.err);
  REQUIRE(errors.size() == 1);
  return errors[0];
}

}  // namespace

TEST_SUITE("e2e.tls") {
  TEST_CASE("a self-signed server is refused with a clear message, and trusted with --ca-file or MEWS_CA_FILE") {
    Sim sim(HttpsSim(Certs().self_cert, Certs().self_key));
    REQUIRE(sim.url().rfind("https://127.0.0.1:", 0) == 0);
    std::string dir = TempDir("tls-self");
    std::string line = RefusalLine(Etl(ExtractArgs(dir), EtlEnv(sim)));
    CHECK(line.find("TLS certificate of 127.0.0.1 not trusted by the system's CA bundle") != std::string::npos);
    CHECK(line.find("self-signed certificate") != std::string::npos);
    CHECK(line.find("pass --ca-file FILE (or set MEWS_CA_FILE)") != std::string::npos);
    CHECK(sim.Requests().empty());  // the handshake failed: no request reached the API

    ProcessResult flag = Etl(ExtractArgs(dir, {"--ca-file", Certs().self_cert}), EtlEnv(sim));
    INFO(flag.err);
    CHECK(flag.exit_code == 0);
    CHECK(Lines(flag.out) == 3);  // three downloaded files, over https, verified
    CHECK(FileRequests(sim) == 3);

    std::map<std::string, std::string> env = EtlEnv(sim);
    env["MEWS_CA_FILE"] = Certs().self_cert;
    ProcessResult from_env = Etl(ExtractArgs(TempDir("tls-self-env")), env);
    INFO(from_env.err);
    CHECK(from_env.exit_code == 0);
    CHECK(Lines(from_env.out) == 3);
  }

  TEST_CASE("a certificate signed by the --ca-file CA is accepted, one for another host name is refused") {
    {
      Sim sim(HttpsSim(Certs().server_cert, Certs().server_key));
      ProcessResult r = Etl(ExtractArgs(TempDir("tls-ca"), {"--ca-file", Certs().ca_cert}), EtlEnv(sim));
      INFO(r.err);
      CHECK(r.exit_code == 0);
      CHECK(Lines(r.out) == 3);
    }
    Sim other(HttpsSim(Certs().other_cert, Certs().other_key));
    std::string line = RefusalLine(
        Etl(ExtractArgs(TempDir("tls-other"), {"--ca-file", Certs().ca_cert}), EtlEnv(other)));
    CHECK(line.find("TLS certificate of 127.0.0.1 not trusted by the CA file " + Certs().ca_cert) !=
          std::string::npos);
    CHECK(line.find("no alternative certificate subject name matches target host name '127.0.0.1'") !=
          std::string::npos);
    CHECK(other.Requests().empty());
  }

  TEST_CASE("signed-URL downloads are verified like the API, a file host with the wrong certificate is refused") {
    // The API answers on https://127.0.0.1 (trusted); file URLs name https://localhost, which the
    // certificate does not cover.
    std::vector<std::string> args = HttpsSim(Certs().server_cert, Certs().server_key);
    args.insert(args.end(), {"--files-host", "localhost"});
    Sim sim(args);
    std::string line = RefusalLine(
        Etl(ExtractArgs(TempDir("tls-files"), {"--ca-file", Certs().ca_cert}), EtlEnv(sim)));
    CHECK(line.find("TLS certificate of localhost not trusted") != std::string::npos);
    CHECK(line.find("https://localhost:") != std::string::npos);
    CHECK(!sim.Adds("Customer").empty());  // the API was reached and trusted
    CHECK(FileRequests(sim) == 0);         // no file request was sent: refused in the handshake
  }

  TEST_CASE("plain http to a non-loopback host is refused before any request is sent") {
    // Every plain-http request would go through the proxy, which is mews-sim: it logs whatever
    // arrives. The loopback run shows that route works; the non-loopback run sends nothing.
    Sim sim({"--count", "5", "--processing-seconds", "0"});
    std::map<std::string, std::string> env = EtlEnv(sim);
    env["http_proxy"] = sim.url();
    env["no_proxy"] = "";
    env["NO_PROXY"] = "";
    env["MEWS_API_URL"] = "http://api.mews.example";
    std::string line = RefusalLine(Etl(ExtractArgs(TempDir("tls-plain")), env));
    CHECK(line.find("MEWS_API_URL must use https:// (plain http:// only for loopback): "
                    "http://api.mews.example") != std::string::npos);
    CHECK(sim.Requests().empty());

    env["MEWS_API_URL"] = "http://127.0.0.1:9";
    Etl(ExtractArgs(TempDir("tls-plain-proxy")), env);
    CHECK(!sim.Requests().empty());  // the same route, allowed: it did reach the proxy
  }
}

}  // namespace mews::test
