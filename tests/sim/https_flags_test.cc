// mews-sim serve's https flags: a certificate without its key, or files that are not a certificate
// and key, are usage errors naming the flags (the https mode itself is proven in tests/e2e/tls_test.cc).
#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/process.h"
#include "tests/support/sim_process.h"

namespace {

TEST_SUITE("sim.https") {

TEST_CASE("mews-sim serve refuses --tls-cert without --tls-key, and files that are no certificate") {
  std::string dir = mews::test::TempDir("sim-https");
  std::ofstream(dir + "/junk.pem") << "not a certificate\n";
  mews::test::ProcessResult r = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "serve", "--tls-cert", dir + "/junk.pem"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "mews-sim: --tls-cert and --tls-key must be given together\n");
  r = mews::test::RunProcess({mews::test::MewsSimPath(), "serve", "--tls-cert", dir + "/junk.pem",
                              "--tls-key", dir + "/junk.pem"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "mews-sim: --tls-cert/--tls-key: cannot load the certificate " + dir +
                     "/junk.pem with the key " + dir + "/junk.pem\n");
}

}  // TEST_SUITE
}  // namespace
