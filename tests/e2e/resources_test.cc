// Resources run out (issue 14): a file size limit (RLIMIT_FSIZE, set by prlimit before exec) stands
// in for a full disk, while downloading and while loading SQLite. The result is one clear error
// line (never a silent death by SIGXFSZ), the database as it was, and a rerun that completes.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

// mews-etl with every file it writes limited to `max_file_bytes`.
ProcessResult EtlLimited(uint64_t max_file_bytes, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {}) {
  std::vector<std::string> argv = {"/usr/bin/prlimit", "--fsize=" + std::to_string(max_file_bytes),
                                   MewsEtlPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv, env);
  CheckNoSecrets(r.out + r.err);
  return r;
}

// The one error line of a run that ran out of space; it must have ended by itself, with 1.
std::string OutOfSpaceLine(const ProcessResult& r) {
  INFO(r.out << r.err);
  CHECK(r.signal == 0);
  CHECK(r.exit_code == 1);
  std::vector<std::string> errors = ErrorLines(r.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("File too large") != std::string::npos);
  return errors[0];
}

size_t CountLines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

}  // namespace

TEST_SUITE("e2e.resources") {
  TEST_CASE("a full disk while downloading fails with one line naming the file, and a rerun completes") {
    Sim sim({"--count", "3000", "--processing-seconds", "0"});
    std::string dir = TempDir("full-download");
    std::vector<std::string> args = {"extract", "--entity", "Customer", "--out", dir + "/files",
                                     "--db", "sqlite:" + dir + "/state.db", "--poll-interval", "0.1"};
    std::string line = OutOfSpaceLine(EtlLimited(512 * 1024, args, EtlEnv(sim)));
    CHECK(line.find("cannot write " + dir + "/files/") != std::string::npos);
    CHECK(line.find(".jsonl.part: File too large (downloading ") != std::string::npos);

    ProcessResult rerun = Etl(args, EtlEnv(sim));
    INFO(rerun.err);
    REQUIRE(rerun.exit_code == 0);
    std::istringstream paths(rerun.out);
    size_t records = 0;
    for (std::string p; std::getline(paths, p);) records += CountLines(ReadFile(p));
    CHECK(records == 3000);
    CHECK(sim.Adds("Customer").size() == 1);  // the rerun resumed the same export
  }

  TEST_CASE("a full disk while loading SQLite fails with one line, leaves the tables as they were, and a rerun completes") {
    Target target = MakeTarget(DbKind::kSqlite, "full_load");
    std::string dir = TempDir("full-load");
    for (auto [name, count] : {std::pair<const char*, const char*>{"small", "20"}, {"big", "3000"}}) {
      ProcessResult g = RunProcess({MewsSimPath(), "generate", "--entity", "Customer", "--count", count,
                                    "--out", dir + "/" + name + ".jsonl"});
      REQUIRE(g.exit_code == 0);
    }
    std::vector<std::string> load = {"load", "--entity", "Customer", "--db", target.url};
    std::vector<std::string> small = load, big = load;
    small.push_back(dir + "/small.jsonl");
    big.push_back(dir + "/big.jsonl");
    REQUIRE(Etl(small).exit_code == 0);
    std::string before = DumpEntity(*Inspect(target), "Customer");
    uint64_t db_size = std::filesystem::file_size(target.url.substr(7));

    std::string line = OutOfSpaceLine(EtlLimited(db_size + 256 * 1024, big));
    CHECK(line.find(target.url.substr(7)) != std::string::npos);
    {
      auto db = Inspect(target);
      CHECK(DumpEntity(*db, "Customer") == before);
      CHECK(db->Value("PRAGMA integrity_check") == "ok");
    }
    ProcessResult rerun = Etl(big);
    INFO(rerun.err);
    CHECK(rerun.exit_code == 0);
    CHECK(Inspect(target)->Value("SELECT count(*) FROM customers") == "3000");
  }
}

}  // namespace mews::test
