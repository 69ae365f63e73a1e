// Adversarial JSON Lines files through `mews-etl load` into real SQLite files and the real
// PostgreSQL: each has its exact outcome (the row value, the reject and its reason, or one error
// line naming file:line), and each run's peak RSS is printed and stays under 300 MB (unless the
// build is sanitized). The big files are generated here, never committed.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "tests/e2e/e2e_util.h"

namespace mews::test {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

constexpr const char* kUuid = "0f0e0d0c-0b0a-4909-8807-060504030201";
const std::string kFffd = "\xEF\xBF\xBD";

std::string Id(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", i);
  return buf;
}

// A valid Customer record with `notes` (JSON text) and `more` (",\"Key\":value..." or "").
std::string Customer(int i, const std::string& notes = "null", const std::string& more = "") {
  return R"({"Id":")" + Id(i) + R"(","ChainId":")" + kUuid +
         R"(","Number":"1","LastName":"Doe","HasOtaEmail":false,"CreatedUtc":"2026-01-01T00:00:00Z",)"
         R"("UpdatedUtc":"2026-01-01T00:00:00Z","Classifications":[],"Options":[],"IsActive":true,)"
         R"("PreferredSpaceFeatures":[],"CreatorProfileId":")" + kUuid + R"(","UpdaterProfileId":")" + kUuid +
         R"(","Notes":)" + notes + more + "}";
}

// A valid Payment record whose Amount.NetValue is `net` (JSON text).
std::string Payment(int i, const std::string& net) {
  const std::string amount = R"({"Currency":"EUR","NetValue":)" + net +
                             R"(,"GrossValue":1,"TaxValues":[],"Breakdown":{"Items":[]}})";
  return R"({"Id":")" + Id(i) + R"(","EnterpriseId":")" + kUuid + R"(","AccountId":")" + kUuid +
         R"(","AccountType":"Customer","Amount":)" + amount + R"(,"OriginalAmount":)" +
         R"({"Currency":"EUR","NetValue":1,"GrossValue":1,"TaxValues":[],"Breakdown":{"Items":[]}})" +
         R"(,"CreatedUtc":"2026-01-01T00:00:00Z","UpdatedUtc":"2026-01-01T00:00:00Z",)"
         R"("AccountingState":"Open","State":"Charged","Type":"Payment"})";
}

std::string WriteLines(const std::string& name, const std::string& content) {
  const std::string path = TempDir("hostile") + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  REQUIRE(out.good());
  return path;
}

// `mews-etl load --entity ENTITY <db> EXTRA... FILE`, its peak RSS printed and bounded.
ProcessResult Load(const Target& target, const std::string& entity, const std::string& file,
                   const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {MewsEtlPath(), "load", "--entity", entity};
  for (const std::string& a : DbArgs(target)) argv.push_back(a);
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(file);
  const std::string dir = TempDir("hostile-run");
  const int pid = Spawn(argv, {}, dir + "/out", dir + "/err");
  REQUIRE(pid > 0);
  int status = 0;
  rusage usage{};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(dir + "/out");
  r.err = ReadFile(dir + "/err");
  const long mib = usage.ru_maxrss / 1024;
  std::printf("peak RSS of mews-etl load %s (%s): %ld MiB\n", file.substr(file.rfind('/') + 1).c_str(),
              Label(target), mib);
  INFO(r.out << r.err);
  CheckNoSecrets(r.out + r.err);
  if (!kSanitized) CHECK(mib < 300);
  return r;
}

// The one error line of a failed load, which must name `file:line`.
void CheckOneErrorLine(const ProcessResult& r, const std::string& file, const std::string& where_what) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  std::vector<std::string> errors = ErrorLines(r.err);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find(file + ":" + where_what) != std::string::npos);
  CHECK(errors[0].find("nothing was written") != std::string::npos);
}

std::vector<std::vector<std::string>> Rejects(Inspector& db) {
  return db.Rows("SELECT line, reason, raw FROM etl_rejects ORDER BY line");
}

}  // namespace

TEST_SUITE("e2e.hostile") {

TEST_CASE("a 200 MB single line: one reject 'line too long' keeping 4096 bytes, the other lines load") {
  const Target target = MakeTarget(DbKind::kSqlite, "hostile_long_line");
  const std::string path = TempDir("hostile") + "/long_line.jsonl";
  const std::string head = Customer(2, "\"");
  const size_t fill = (size_t{200} << 20) - head.size() - 2;
  {
    std::ofstream out(path, std::ios::binary);
    out << Customer(1) << "\n" << head;
    const std::string block(1 << 20, 'a');
    for (size_t left = fill; left > 0;) {
      const size_t n = std::min(left, block.size());
      out.write(block.data(), static_cast<std::streamsize>(n));
      left -= n;
    }
    out << "\"}\n" << Customer(3) << "\n";
  }
  const std::string reason = "line too long: " + std::to_string(head.size() + fill + 2) +
                             " bytes, the limit is 16777216 (raw holds its first 4096 bytes)";
  CheckOneErrorLine(Load(target, "Customer", path), path, "2: " + reason);

  ProcessResult r = Load(target, "Customer", path, {"--max-rejects", "1"});
  std::remove(path.c_str());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto db = Inspect(target);
  CHECK(db->Value("SELECT group_concat(id) FROM customers") == Id(1) + "," + Id(3));
  auto rejects = db->Rows("SELECT line, reason, length(raw), substr(raw, 1, 40) FROM etl_rejects");
  REQUIRE(rejects.size() == 1);
  CHECK(rejects[0] == std::vector<std::string>{"2", reason, "4096", head.substr(0, 40)});
}

TEST_CASE("5 million {} lines: one error line naming line 1, nothing written") {
  const Target target = MakeTarget(DbKind::kSqlite, "hostile_empty_records");
  const std::string path = TempDir("hostile") + "/empty_records.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    std::string block;
    for (int i = 0; i < 100000; ++i) block += "{}\n";
    for (int i = 0; i < 50; ++i) out << block;
  }
  CheckOneErrorLine(Load(target, "Customer", path), path, "1: Id: missing required field");
  std::remove(path.c_str());
  CHECK(Inspect(target)->Value("SELECT count(*) FROM customers") == "0");
}

TEST_CASE("nesting 100,000 deep is a reject by path, 10,000 deep loads exactly (PostgreSQL jsonb too)") {
  const std::string ok = std::string(10000, '[') + std::string(10000, ']');
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  for (const Target& target : AllTargets("hostile_nesting")) {
    INFO(Label(target));
    const std::string path =
        WriteLines("nesting.jsonl", Customer(1, "null", ",\"Deep\":" + deep) + "\n" + Customer(2, "null", ",\"Deep\":" + ok) + "\n");
    ProcessResult r = Load(target, "Customer", path, {"--max-rejects", "1"});
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    const std::string extra = "{\"Deep\":" + ok + "}";
    CHECK(db->Value(target.pg() ? "SELECT _extra = '" + extra + "'::jsonb FROM customers"
                                : "SELECT _extra = '" + extra + "' FROM customers") == (target.pg() ? "t" : "1"));
    auto rejects = db->Rows("SELECT line, reason, length(raw) FROM etl_rejects");
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0] == std::vector<std::string>{"1", "Deep: nested deeper than 10000 levels",
                                                 std::to_string(Customer(1, "null", ",\"Deep\":" + deep).size())});
  }
}

TEST_CASE("1e400 and a 5,000-digit decimal are rejects, 5,000 fraction digits load (exactly in PostgreSQL)") {
  const std::string fraction = "0." + std::string(5000, '3');
  for (const Target& target : AllTargets("hostile_decimals")) {
    INFO(Label(target));
    const std::string path = WriteLines("decimals.jsonl", Payment(1, "1e400") + "\n" +
                                                              Payment(2, "1" + std::string(4999, '0')) + "\n" +
                                                              Payment(3, fraction) + "\n");
    ProcessResult r = Load(target, "Payment", path, {"--max-rejects", "2"});
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    if (target.pg()) {
      CHECK(db->Value("SELECT amount_net_value::text FROM payments") == fraction);
    } else {
      CHECK(db->Value("SELECT amount_net_value = 1.0 / 3 FROM payments") == "1");  // REAL: the nearest double
    }
    auto rejects = db->Rows("SELECT line, reason FROM etl_rejects ORDER BY line");
    const std::string reason = "Amount.NetValue: number out of range (beyond +-1.7976931348623157e308)";
    CHECK(rejects == std::vector<std::vector<std::string>>{{"1", reason}, {"2", reason}});
  }
}

TEST_CASE("invalid UTF-8 in a key and in a value: rejects whose raw text shows U+FFFD, kept in both databases") {
  const std::string bad_value = Customer(1, "\"a\xff" "b\"");
  const std::string bad_key = Customer(2, "null", ",\"K\xc3\x28\":1");
  for (const Target& target : AllTargets("hostile_utf8")) {
    INFO(Label(target));
    const std::string path = WriteLines("utf8.jsonl", bad_value + "\n" + bad_key + "\n" + Customer(3) + "\n");
    ProcessResult r = Load(target, "Customer", path, {"--max-rejects", "2"});
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT id FROM customers") == Id(3));
    const std::string reason = "invalid JSON: The input is not valid UTF-8";
    CHECK(Rejects(*db) == std::vector<std::vector<std::string>>{
                              {"1", reason, Customer(1, "\"a" + kFffd + "b\"")},
                              {"2", reason, Customer(2, "null", ",\"K" + kFffd + "(\":1")}});
  }
}

TEST_CASE("a NUL byte inside a key is a reject, an escaped \\u0000 in a key reaches _extra as U+FFFD") {
  const std::string raw_nul = Customer(1, "null", std::string(",\"K\0y\":1", 8));
  const std::string escaped = Customer(2, "null", ",\"K\\u0000y\":1");
  for (const Target& target : AllTargets("hostile_nul")) {
    INFO(Label(target));
    const std::string path = WriteLines("nul.jsonl", raw_nul + "\n" + escaped + "\n");
    ProcessResult r = Load(target, "Customer", path, {"--max-rejects", "1"});
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Value(target.pg() ? "SELECT _extra = '{\"K\\ufffdy\":1}'::jsonb FROM customers"
                                : "SELECT _extra FROM customers") == (target.pg() ? "t" : "{\"K\\ufffdy\":1}"));
    CHECK(Rejects(*db) == std::vector<std::vector<std::string>>{
                              {"1", "invalid JSON: Within strings, some characters must be escaped, we found "
                                    "unescaped characters",
                               Customer(1, "null", ",\"K" + kFffd + "y\":1")}});
  }
}

TEST_CASE("a UTF-8 BOM and CRLF line ends: every record loads with exact values") {
  for (const Target& target : AllTargets("hostile_bom_crlf")) {
    INFO(Label(target));
    const std::string path = WriteLines("bom.jsonl", "\xEF\xBB\xBF" + Customer(1, "\"x\"") + "\r\n\r\n" +
                                                         Customer(2, "\"y\"") + "\r\n");
    ProcessResult r = Load(target, "Customer", path);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Rows("SELECT id, notes FROM customers ORDER BY id") ==
          std::vector<std::vector<std::string>>{{Id(1), "x"}, {Id(2), "y"}});
  }
}

TEST_CASE("a \\. line, tabs, backslashes and COPY's own escapes in text: exact in both databases") {
  // Text holding everything COPY's text format escapes or ends on: "\." lines, tab, CR, LF, "\N".
  const std::string notes = "\\.\n\\.\tx\\y\r\\N\\\\";
  const std::string notes_json = R"("\\.\n\\.\tx\\y\r\\N\\\\")";
  for (const Target& target : AllTargets("hostile_copy_escapes")) {
    INFO(Label(target));
    const std::string path =
        WriteLines("copy.jsonl", Customer(1, notes_json) + "\n\\.\n" + Customer(2, R"("\\.")") + "\n");
    ProcessResult r = Load(target, "Customer", path, {"--max-rejects", "1"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    CHECK(db->Rows("SELECT id, notes FROM customers ORDER BY id") ==
          std::vector<std::vector<std::string>>{{Id(1), notes}, {Id(2), "\\."}});
    auto rejects = Rejects(*db);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0][0] == "2");
    CHECK(rejects[0][2] == "\\.");
  }
}

TEST_CASE("a file that ends inside a string: one error line naming its last line, nothing written") {
  for (const Target& target : AllTargets("hostile_open_string")) {
    INFO(Label(target));
    const std::string cut = Customer(2, "\"abc def");
    const std::string path = WriteLines("open_string.jsonl", Customer(1) + "\n" + cut.substr(0, cut.size() - 1));
    CheckOneErrorLine(Load(target, "Customer", path), path, "2: invalid JSON: A string is opened, but never closed.");
    CHECK(Inspect(target)->Value("SELECT count(*) FROM customers") == "0");
  }
}

TEST_CASE("10,000 unknown keys in one record: the row loads with all of them in _extra") {
  std::string unknown;
  for (int i = 0; i < 10000; ++i) unknown += ",\"U" + std::to_string(i) + "\":" + std::to_string(i);
  for (const Target& target : AllTargets("hostile_unknown_keys")) {
    INFO(Label(target));
    const std::string path = WriteLines("unknown.jsonl", Customer(1, "null", unknown) + "\n");
    ProcessResult r = Load(target, "Customer", path);
    CHECK(r.exit_code == 0);
    auto db = Inspect(target);
    if (target.pg()) {
      CHECK(db->Value("SELECT count(*) FROM customers, jsonb_object_keys(customers._extra)") == "10000");
      CHECK(db->Value("SELECT _extra->>'U9999' FROM customers") == "9999");
    } else {
      CHECK(db->Value("SELECT count(*) FROM customers, json_each(customers._extra)") == "10000");
      CHECK(db->Value("SELECT json_extract(_extra, '$.U9999') FROM customers") == "9999");
    }
  }
}

}  // TEST_SUITE

}  // namespace mews::test
