// TLS certificates for tests, generated at run time with the openssl CLI (no key is ever committed):
// a self-signed certificate, and a test CA with two server certificates it signed.
#pragma once

#include <string>

namespace mews::test {

struct TestCerts {
  std::string dir;
  std::string self_cert, self_key;    // self-signed (its own CA), for IP 127.0.0.1
  std::string ca_cert;                // the test CA
  std::string server_cert, server_key;  // signed by the CA, for IP 127.0.0.1 only
  std::string other_cert, other_key;    // signed by the CA, for DNS other.example only
};

// Generates a fresh set under a new temporary directory (EC P-256 keys, valid two days); fails the
// test when openssl does.
TestCerts MakeTestCerts();

}  // namespace mews::test
