#include "app/fingerprint.h"

#include <openssl/evp.h>

namespace mews {

std::string TokenFingerprint(const std::string& client_token, const std::string& access_token) {
  const std::string input = client_token + "\n" + access_token;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < 8 && i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace mews
