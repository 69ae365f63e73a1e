#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "transform/mapping_tree.h"

using namespace mews;

namespace {

// `text` copied into a buffer with 64 spare bytes after it, as simdjson's padded input has.
std::vector<char> Padded(const std::string& text, char fill) {
  std::vector<char> buf(text.begin(), text.end());
  buf.resize(text.size() + 64, fill);
  return buf;
}

}  // namespace

TEST_SUITE("transform.unit") {
  TEST_CASE("a raw key matches its entry exactly, whatever the key's length") {
    for (size_t len : {1, 6, 7, 8, 9, 14, 15, 16, 17, 23, 24, 25, 40}) {
      std::string key;
      for (size_t i = 0; i < len; ++i) key += static_cast<char>('A' + i % 26);
      CAPTURE(key);
      TreeEntry e;
      SetEntryKey(&e, key);
      for (char fill : {'\0', '"', 'x'}) {
        CHECK(RawKeyEquals(e, Padded(key + "\":1}", fill).data()));
        CHECK_FALSE(RawKeyEquals(e, Padded(key + "X\":1}", fill).data()));    // longer key
        CHECK_FALSE(RawKeyEquals(e, Padded(key.substr(0, len - 1) + "\":1}", fill).data()));
        for (size_t i = 0; i < len; ++i) {  // one byte off anywhere
          std::string other = key;
          other[i] = static_cast<char>(other[i] + 1);
          CHECK_FALSE(RawKeyEquals(e, Padded(other + "\":1}", fill).data()));
        }
        CHECK_FALSE(RawKeyEquals(e, Padded(key + "\\u0041\":1}", fill).data()));  // escaped tail
      }
    }
  }

  TEST_CASE("a key entry set twice keeps only the second key") {
    TreeEntry e;
    SetEntryKey(&e, "AccountingCategoryId");
    SetEntryKey(&e, "Id");
    CHECK(RawKeyEquals(e, Padded("Id\":1}", '\0').data()));
    CHECK_FALSE(RawKeyEquals(e, Padded("AccountingCategoryId\":1}", '\0').data()));
  }
}
