// SpillFile: lines come back in order, as often as asked, with appends in between; the file has no
// name anywhere once created; a directory that cannot hold it is named in the error.
#include "load/spill_file.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace mews {
namespace {

std::vector<std::string> AllLines(SpillFile& f) {
  std::vector<std::string> out;
  Status s = f.ForEachLine([&](std::string_view line) {
    out.emplace_back(line);
    return Status::Ok();
  });
  REQUIRE(s.ok());
  return out;
}

}  // namespace



TEST_CASE("whole lines appended at once come back one by one, among single ones") {
  Result<std::unique_ptr<SpillFile>> f = SpillFile::Create();
  REQUIRE(f.ok());
  SpillFile& file = **f;
  REQUIRE(file.AppendLines("").ok());
  REQUIRE(file.Append("one").ok());
  REQUIRE(file.AppendLines("two\tx\n\nfour\n").ok());
  REQUIRE(file.Append("five").ok());
  CHECK(AllLines(file) == std::vector<std::string>{"one", "two\tx", "", "four", "five"});
  CHECK(file.lines() == 5);
  CHECK(file.bytes() == 21);
}

TEST_CASE("a spill file gives back its lines in order, again after more appends") {
  Result<std::unique_ptr<SpillFile>> f = SpillFile::Create();
  REQUIRE(f.ok());
  SpillFile& file = **f;
  CHECK(AllLines(file).empty());
  const std::string longer(100000, 'x');  // longer than any stdio buffer
  REQUIRE(file.Append("a\tb").ok());
  REQUIRE(file.Append("").ok());
  REQUIRE(file.Append(longer).ok());
  CHECK(AllLines(file) == std::vector<std::string>{"a\tb", "", longer});
  REQUIRE(file.Append("last").ok());
  CHECK(AllLines(file) == std::vector<std::string>{"a\tb", "", longer, "last"});
  CHECK(file.lines() == 4);
  CHECK(file.bytes() == 3 + 1 + 1 + longer.size() + 1 + 5);
}

TEST_CASE("a visitor's error stops the reading and is returned") {
  Result<std::unique_ptr<SpillFile>> f = SpillFile::Create();
  REQUIRE(f.ok());
  for (int i = 0; i < 5; ++i) REQUIRE((*f)->Append(std::to_string(i)).ok());
  int seen = 0;
  Status s = (*f)->ForEachLine([&](std::string_view line) {
    ++seen;
    return line == "2" ? Status::Aborted("stop at 2") : Status::Ok();
  });
  CHECK(s.code() == StatusCode::kAborted);
  CHECK(seen == 3);
  REQUIRE((*f)->Append("5").ok());
  CHECK(AllLines(**f).size() == 6);
}

TEST_CASE("a spill file in a TMPDIR that does not exist fails naming the directory") {
  const char* old = getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/mews-etl-test", 1);
  Result<std::unique_ptr<SpillFile>> f = SpillFile::Create();
  if (old) setenv("TMPDIR", saved.c_str(), 1);
  else unsetenv("TMPDIR");
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().code() == StatusCode::kIoError);
  CHECK(f.status().message() ==
        "cannot create a scratch file in /nonexistent/mews-etl-test (TMPDIR): No such file or directory");
}


}  // namespace mews
