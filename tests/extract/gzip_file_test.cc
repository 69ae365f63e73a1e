#include <doctest/doctest.h>

#include "extract/gzip_file.h"
#include "tests/extract/fake_mews.h"
#include "tests/extract/file_util.h"
#include "tests/support/process.h"

namespace mews {

TEST_SUITE("extract.unit") {

TEST_CASE("GunzipFile decodes a gzip file, including concatenated members") {
  std::string dir = test::TempDir("gzip");
  test::Spit(dir + "/in", test::Gzip("{\"a\":1}\n") + test::Gzip("{\"b\":2}\n"));
  int64_t decoded = -1;
  REQUIRE(GunzipFile(dir + "/in", dir + "/out", &decoded).ok());
  CHECK(decoded == 16);
  CHECK(test::Slurp(dir + "/out") == "{\"a\":1}\n{\"b\":2}\n");
  CHECK(HasGzipMagic(dir + "/in"));
  CHECK_FALSE(HasGzipMagic(dir + "/out"));
}

TEST_CASE("a truncated gzip file is a parse error naming the file") {
  std::string dir = test::TempDir("gzip");
  std::string gz = test::Gzip(std::string(10000, 'x'));
  test::Spit(dir + "/in", gz.substr(0, gz.size() / 2));
  int64_t decoded = 0;
  Status s = GunzipFile(dir + "/in", dir + "/out", &decoded);
  CHECK(s.code() == StatusCode::kParseError);
  CHECK(s.message() == dir + "/in ends in the middle of a gzip stream");
}

TEST_CASE("data that is not gzip is a parse error") {
  std::string dir = test::TempDir("gzip");
  test::Spit(dir + "/in", "\x1f\x8b not really gzip at all");
  int64_t decoded = 0;
  Status s = GunzipFile(dir + "/in", dir + "/out", &decoded);
  CHECK(s.code() == StatusCode::kParseError);
  CHECK(s.message().rfind(dir + "/in is not valid gzip data (", 0) == 0);
}

TEST_CASE("an unreadable input or unwritable output is an IoError naming the file") {
  std::string dir = test::TempDir("gzip");
  int64_t decoded = 0;
  Status missing = GunzipFile(dir + "/missing", dir + "/out", &decoded);
  CHECK(missing.code() == StatusCode::kIoError);
  CHECK(missing.message() == "cannot read " + dir + "/missing: No such file or directory");
  test::Spit(dir + "/in", test::Gzip(std::string(1 << 20, 'y')));
  Status full = GunzipFile(dir + "/in", "/dev/full", &decoded);
  CHECK(full.code() == StatusCode::kIoError);
  CHECK(full.message() == "cannot write /dev/full: No space left on device");
}

}  // TEST_SUITE

}  // namespace mews
