#include <doctest/doctest.h>

#include <string>

#include "core/hash.h"

namespace mews {

TEST_SUITE("core.hash") {

TEST_CASE("Hash64 is XXH64 with seed 0: the reference implementation's published values") {
  CHECK(Hash64("") == 0xEF46DB3751D8E999ULL);
  CHECK(Hash64("a") == 0xD24EC4F1A98C6E5BULL);
  CHECK(Hash64("abc") == 0x44BC2CF5AD770999ULL);
  // 39 bytes: one 32-byte stripe, then an 8-byte word's worth less one, then bytes.
  CHECK(Hash64("Nobody inspects the spammish repetition") == 0xFBCEA83C8A378BF1ULL);
}

TEST_CASE("Hash64 reads every byte: one changed byte anywhere changes the hash") {
  std::string text(200, 'x');
  for (size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>('a' + i % 26);
  for (size_t len : {0u, 1u, 3u, 4u, 7u, 8u, 31u, 32u, 33u, 63u, 64u, 65u, 200u}) {
    const std::string base = text.substr(0, len);
    const uint64_t h = Hash64(base);
    for (size_t i = 0; i < len; ++i) {
      std::string changed = base;
      changed[i] ^= 1;
      CHECK_MESSAGE(Hash64(changed) != h, "length ", len, " byte ", i);
    }
    CHECK(Hash64(base + '\0') != h);  // the length counts: a trailing NUL is content
  }
}

}  // TEST_SUITE

}  // namespace mews
