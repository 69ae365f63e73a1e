// The record generator: valid JSON for every type, determinism, time ranges, awkward values.
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/support/process.h"
#include "tests/support/sim_process.h"
#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/data_store.h"
#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {
namespace {

constexpr int64_t kAnchor = 20785 * kMicrosPerDay;  // 2026-11-28T00:00:00Z

GeneratorOptions Options(uint64_t seed = 7) {
  GeneratorOptions o;
  o.seed = seed;
  o.anchor_micros = kAnchor;
  return o;
}

std::string Record(Entity e, uint64_t index, uint64_t seed = 7, RecordEdit edit = {}) {
  std::string out;
  AppendRecord(e, index, Options(seed), edit, &out);
  return out;
}

// All records 0..n-1 of `e` concatenated as JSON Lines.
std::string Lines(Entity e, uint64_t n) {
  std::string out;
  for (uint64_t i = 0; i < n; ++i) {
    AppendRecord(e, i, Options(), {}, &out);
    out.push_back('\n');
  }
  return out;
}

// The numbers of fraction digits of the timestamps that follow `key` in `text`.
std::set<size_t> FractionDigits(const std::string& text, const std::string& key) {
  std::set<size_t> digits;
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    size_t value = at + key.size();
    size_t end = text.find('"', value);
    size_t dot = text.find('.', value);
    digits.insert(dot < end ? end - dot - 2 : 0);  // minus the dot and the 'Z'
  }
  return digits;
}

TEST_SUITE("sim.unit") {

TEST_CASE("every entity type generates JSON objects with a unique lower-case uuid Id") {
  simdjson::dom::parser parser;
  for (const std::string& name : EntityNames()) {
    CAPTURE(name);
    Entity e = *ParseEntity(name);
    std::set<std::string> ids;
    for (uint64_t i = 0; i < 300; ++i) {
      std::string line = Record(e, i);
      CHECK(line.find('\n') == std::string::npos);
      simdjson::dom::element doc;
      REQUIRE(parser.parse(line).get(doc) == simdjson::SUCCESS);
      std::string_view id;
      REQUIRE(doc["Id"].get(id) == simdjson::SUCCESS);
      CHECK(IsUuid(id));
      CHECK(std::string(id) == RecordId(e, i, 7));
      CHECK(std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'F'; }));
      ids.insert(std::string(id));
    }
    CHECK(ids.size() == 300);
  }
}

TEST_CASE("the same seed and index give the same bytes and another seed gives another record") {
  for (const std::string& name : EntityNames()) {
    Entity e = *ParseEntity(name);
    CHECK(Record(e, 42) == Record(e, 42));
    CHECK(Record(e, 42, 7) != Record(e, 42, 8));
    CHECK(RecordId(e, 42, 7) != RecordId(e, 43, 7));
  }
  CHECK(GenerateRecord("Customer", 5, 3) == GenerateRecord("Customer", 5, 3));
  CHECK(GenerateRecord("NoSuchType", 5, 3).empty());
}

TEST_CASE("UpdatedUtc lies in the two years before the anchor's previous day and CreatedUtc is not later") {
  simdjson::dom::parser parser;
  for (Entity e : {Entity::kOrderItem, Entity::kPayment, Entity::kCustomer, Entity::kBill,
                   Entity::kResourceBlock, Entity::kAvailabilityBlock}) {
    for (uint64_t i = 0; i < 500; ++i) {
      std::string line;
      RecordInfo info = AppendRecord(e, i, Options(), {}, &line);
      simdjson::dom::element doc = parser.parse(line);
      std::optional<int64_t> updated = ParseUtc(std::string_view(doc["UpdatedUtc"]));
      std::optional<int64_t> created = ParseUtc(std::string_view(doc["CreatedUtc"]));
      REQUIRE(updated.has_value());
      REQUIRE(created.has_value());
      CHECK(*updated == info.updated_micros);
      CHECK(*created <= *updated);
      CHECK(*updated <= kAnchor - kMicrosPerDay);
      CHECK(*updated >= kAnchor - 731 * kMicrosPerDay);
    }
  }
}

TEST_CASE("LedgerEntry PostingDate lies within the year before the anchor and matches the info") {
  simdjson::dom::parser parser;
  for (uint64_t i = 0; i < 500; ++i) {
    std::string line;
    RecordInfo info = AppendRecord(Entity::kLedgerEntry, i, Options(), {}, &line);
    simdjson::dom::element doc = parser.parse(line);
    std::optional<int64_t> day = ParseDate(std::string_view(doc["PostingDate"]));
    REQUIRE(day.has_value());
    CHECK(*day == info.posting_day);
    CHECK(*day < kAnchor / kMicrosPerDay);
    CHECK(*day >= kAnchor / kMicrosPerDay - 365);
    CHECK(ParseUtc(std::string_view(doc["CreatedUtc"])) == info.updated_micros);
  }
}

TEST_CASE("generated data contains the awkward values real exports have") {
  std::string orders = Lines(Entity::kOrderItem, 3000);
  std::string customers = Lines(Entity::kCustomer, 3000);
  std::string all = orders + customers;
  CHECK(all.find("\\\"") != std::string::npos);       // escaped quote
  CHECK(all.find("\\\\") != std::string::npos);       // escaped backslash
  CHECK(all.find("\\n") != std::string::npos);        // escaped newline
  CHECK(all.find("\\t") != std::string::npos);        // escaped tab
  CHECK(all.find("\\u00e9") != std::string::npos);    // \u escape
  CHECK(all.find("Zoë") != std::string::npos);
  CHECK(all.find("Ñúñez") != std::string::npos);
  CHECK(all.find("東京") != std::string::npos);
  CHECK(all.find("🥜") != std::string::npos);          // 4-byte UTF-8
  CHECK(all.find(":null") != std::string::npos);
  CHECK(orders.find("\"NetValue\":-") != std::string::npos);
  CHECK(orders.find("\"NetValue\":0,") != std::string::npos);
  CHECK(orders.find("\"TaxValues\":[]") != std::string::npos);
  std::set<size_t> fraction_digits = FractionDigits(orders, "\"UpdatedUtc\":\"");
  CHECK(fraction_digits.count(0) == 1);
  CHECK(fraction_digits.count(3) == 1);
  CHECK(fraction_digits.count(7) == 1);
  size_t longest = 0;
  for (size_t start = 0, nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1) {
    longest = std::max(longest, nl - start);
  }
  CHECK(longest > 4000);
}

TEST_CASE("union styles, both ContactPerson spellings and a null SettlementUtc appear") {
  std::string orders = Lines(Entity::kOrderItem, 2000);
  for (const char* d : {"Rebate", "Product", "AllowanceDiscount", "AllowanceProfits"}) {
    CHECK(orders.find(std::string("\"Data\":{\"Discriminator\":\"") + d + "\"") != std::string::npos);
  }
  std::string payments = Lines(Entity::kPayment, 2000);
  for (const char* d : {"CreditCard", "Invoice", "External", "Ghost", "Alternative"}) {
    CHECK(payments.find(std::string("\"Discriminator\":\"") + d + "\"") != std::string::npos);
  }
  CHECK(payments.find("\"SettlementUtc\":null") != std::string::npos);
  CHECK(payments.find("\"SettlementUtc\":\"") == std::string::npos);
  std::string bills = Lines(Entity::kBill, 2000);
  CHECK(bills.find("\"OwnerData\":{\"Discriminator\":\"BillCompanyData\",\"Value\":{") != std::string::npos);
  CHECK(bills.find("\"OwnerData\":{\"Discriminator\":\"BillCustomerData\",\"Value\":{") != std::string::npos);
  CHECK(bills.find("\"AssociatedAccountData\":[]") != std::string::npos);
  std::string companies = Lines(Entity::kCompany, 500);
  CHECK(companies.find("\"ContactPerson\":") != std::string::npos);
  CHECK(companies.find("\"ContacPerson\":") != std::string::npos);
}

TEST_CASE("an edit sets UpdatedUtc exactly, changes the notes and keeps CreatedUtc at or before it") {
  RecordEdit edit;
  edit.updated_micros = *ParseUtc("2024-01-02T03:04:05.123456Z");
  edit.revision = 2;
  simdjson::dom::parser parser;
  for (uint64_t i = 0; i < 50; ++i) {
    std::string line = Record(Entity::kCustomer, i, 7, edit);
    simdjson::dom::element doc = parser.parse(line);
    CHECK(std::string_view(doc["UpdatedUtc"]) == "2024-01-02T03:04:05.123456Z");
    CHECK(ParseUtc(std::string_view(doc["CreatedUtc"])) <= edit.updated_micros);
    CHECK(std::string_view(doc["Notes"]).find("revision 2") != std::string_view::npos);
    CHECK(std::string_view(doc["Id"]) == RecordId(Entity::kCustomer, i, 7));
  }
}

TEST_CASE("mews-sim generate writes the requested number of valid lines to a file") {
  std::string dir = mews::test::TempDir("sim-generate");
  std::string out = dir + "/payments.jsonl";
  mews::test::ProcessResult r = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "generate", "--entity", "Payment", "--count", "250",
       "--seed", "7", "--anchor", "2026-11-28", "--out", out});
  REQUIRE(r.exit_code == 0);
  std::ifstream in(out, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == Lines(Entity::kPayment, 250));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_CASE("an export's files, written side by side, hold every passing record once, in order, numbered from 1") {
  EntityState data;
  data.count = 200;
  for (uint64_t i = 40; i < 80; ++i) data.deleted.insert(i);  // the second of five parts is empty
  const std::string one = mews::test::TempDir("sim-export-one"), five = mews::test::TempDir("sim-export-five");
  Result<std::vector<ExportFile>> whole = WriteExportFiles(Entity::kPayment, data, Options(), {}, "x", one, 1);
  Result<std::vector<ExportFile>> parts = WriteExportFiles(Entity::kPayment, data, Options(), {}, "x", five, 5);
  REQUIRE(whole.ok());
  REQUIRE(parts.ok());
  REQUIRE(whole->size() == 1);
  REQUIRE(parts->size() == 4);
  std::string joined;
  for (size_t i = 0; i < parts->size(); ++i) {
    const ExportFile& f = (*parts)[i];
    CHECK(f.name == "x-" + std::to_string(i + 1) + ".jsonl");
    const std::string text = ReadAll(f.path);
    CHECK(text.size() == f.size);
    CHECK(std::count(text.begin(), text.end(), '\n') == 40);
    joined += text;
  }
  CHECK(joined == ReadAll((*whole)[0].path));
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(five)) entries += e.is_regular_file() ? 1 : 0;
  CHECK(entries == 4);  // no part left behind under another name
}

TEST_CASE("an export whose files cannot be written fails naming a file and leaves none") {
  EntityState data;
  data.count = 50;
  Result<std::vector<ExportFile>> r =
      WriteExportFiles(Entity::kPayment, data, Options(), {}, "x", "/nonexistent-dir/sim", 3);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("/nonexistent-dir/sim/x") != std::string::npos);
}

TEST_CASE("mews-sim generate refuses an unknown entity type with exit status 2") {
  mews::test::ProcessResult r = mews::test::RunProcess(
      {mews::test::MewsSimPath(), "generate", "--entity", "Invoice", "--count", "1"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--entity") != std::string::npos);
}

}  // TEST_SUITE
}  // namespace
}  // namespace mews::sim
