#include "tests/e2e/test_certs.h"

#include <doctest/doctest.h>

#include <fstream>
#include <vector>

#include "tests/support/process.h"

namespace mews::test {
namespace {

void OpenSsl(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  ProcessResult r = RunProcess(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

std::vector<std::string> NewKey(const std::string& key) {
  return {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key};
}

// A server certificate for `san` (e.g. "IP:127.0.0.1"), signed by the CA in `c`.
void SignedCert(const TestCerts& c, const std::string& name, const std::string& san) {
  std::string base = c.dir + "/" + name;
  std::vector<std::string> req = {"req", "-new", "-subj", "/CN=" + name, "-out", base + ".csr"};
  for (const std::string& a : NewKey(base + ".key")) req.push_back(a);
  OpenSsl(req);
  std::ofstream(base + ".ext") << "subjectAltName=" << san << "\nbasicConstraints=CA:FALSE\n"
                               << "extendedKeyUsage=serverAuth\n";
  OpenSsl({"x509", "-req", "-in", base + ".csr", "-CA", c.ca_cert, "-CAkey", c.dir + "/ca.key",
           "-CAcreateserial", "-days", "2", "-extfile", base + ".ext", "-out", base + ".pem"});
}

}  // namespace

TestCerts MakeTestCerts() {
  TestCerts c;
  c.dir = TempDir("certs");
  c.self_cert = c.dir + "/self.pem";
  c.self_key = c.dir + "/self.key";
  std::vector<std::string> self = {"req", "-x509", "-days", "2", "-subj", "/CN=127.0.0.1",
                                   "-addext", "subjectAltName=IP:127.0.0.1", "-out", c.self_cert};
  for (const std::string& a : NewKey(c.self_key)) self.push_back(a);
  OpenSsl(self);
  c.ca_cert = c.dir + "/ca.pem";
  std::vector<std::string> ca = {"req", "-x509", "-days", "2", "-subj", "/CN=mews-etl test CA",
                                 "-out", c.ca_cert};
  for (const std::string& a : NewKey(c.dir + "/ca.key")) ca.push_back(a);
  OpenSsl(ca);
  SignedCert(c, "server", "IP:127.0.0.1");
  SignedCert(c, "other", "DNS:other.example");
  c.server_cert = c.dir + "/server.pem";
  c.server_key = c.dir + "/server.key";
  c.other_cert = c.dir + "/other.pem";
  c.other_key = c.dir + "/other.key";
  return c;
}

}  // namespace mews::test
