#include "tests/e2e/e2e_util.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <simdjson.h>
#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "schemas/registry.h"

namespace mews::test {
namespace {

const MappingRegistry& Registry() {
  static const MappingRegistry registry = [] {
    Result<MappingRegistry> r = MappingRegistry::Builtin();
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    return std::move(r.value());
  }();
  return registry;
}

const EntityMapping& MappingOf(const std::string& entity) {
  const EntityMapping* m = Registry().Find(entity);
  REQUIRE_MESSAGE(m != nullptr, (std::string("no mapping for ") + entity));
  return *m;
}

std::string Str(simdjson::dom::element e, const char* pointer) {
  std::string_view v;
  if (e.at_pointer(pointer).get(v)) return "";
  return std::string(v);
}

// A client for the simulator's control API; an https simulator's certificate is not checked.
std::unique_ptr<httplib::Client> ControlClient(const std::string& url) {
  auto client = std::make_unique<httplib::Client>(url);
  client->enable_server_certificate_verification(false);
  return client;
}

}  // namespace

Sim::Sim(std::vector<std::string> args, const std::string& access_token) {
  args.insert(args.end(), {"--client-token", kClientToken, "--access-token", access_token});
  process_ = StartSim(args);
  REQUIRE_MESSAGE(process_.pid > 0, process_.error);
}

Sim::~Sim() { CHECK(StopSim(process_) == 0); }

std::string Sim::Control(const std::string& path, const std::string& json) {
  std::unique_ptr<httplib::Client> client = ControlClient(url());
  client->set_read_timeout(30, 0);
  httplib::Result r = client->Post(path, json, "application/json");
  REQUIRE_MESSAGE(r, (std::string(path) + ": no answer from mews-sim"));
  INFO(path << " " << json << " -> " << r->body);
  REQUIRE(r->status == 200);
  return r->body;
}

std::vector<Sim::Request> Sim::Requests() {
  httplib::Result r = ControlClient(url())->Get("/_sim/requests");
  REQUIRE_MESSAGE(r, "/_sim/requests: no answer from mews-sim");
  std::vector<Request> out;
  simdjson::dom::parser parser;
  std::istringstream lines(r->body);
  for (std::string line; std::getline(lines, line);) {
    simdjson::dom::element e;
    REQUIRE_MESSAGE(!parser.parse(line).get(e), line);
    Request q;
    q.path = Str(e, "/path");
    q.entity = Str(e, "/EntityType");
    q.export_id = Str(e, "/ExportIds/0");
    int64_t status = 0;
    if (!e.at_pointer("/status").get(status)) q.status = static_cast<int>(status);
    q.updated_start = Str(e, "/Filters/UpdatedUtc/StartUtc");
    q.updated_end = Str(e, "/Filters/UpdatedUtc/EndUtc");
    q.posting_start = Str(e, "/Filters/LedgerEntryFilters/Posting/Start");
    q.posting_end = Str(e, "/Filters/LedgerEntryFilters/Posting/End");
    simdjson::dom::element filters;
    q.filters_null = !e.at_pointer("/Filters").get(filters) && filters.is_null();
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<Sim::Request> Sim::Adds(const std::string& entity) {
  std::vector<Request> out;
  for (Request& q : Requests()) {
    if (q.path == "/api/connector/v1/exports/add" && q.status == 200 && (entity.empty() || q.entity == entity)) {
      out.push_back(std::move(q));
    }
  }
  return out;
}

std::map<std::string, std::string> EtlEnv(const Sim& sim) { return EtlEnv(sim, kAccessToken); }

std::map<std::string, std::string> EtlEnv(const Sim& sim, const std::string& access_token) {
  return {{"MEWS_API_URL", sim.url()},
          {"MEWS_CLIENT_TOKEN", kClientToken},
          {"MEWS_ACCESS_TOKEN", access_token},
          {"SPDLOG_LEVEL", "debug"}};
}

void CheckNoSecrets(const std::string& text) {
  INFO(text);
  CHECK(text.find(kClientToken) == std::string::npos);
  CHECK(text.find(kAccessToken) == std::string::npos);
  CHECK(text.find(kAccessTokenB) == std::string::npos);
  CHECK(text.find(kAccessTokenC) == std::string::npos);
  CHECK(text.find("sig=") == std::string::npos);
  CHECK(text.find("expires=") == std::string::npos);
}

ProcessResult Etl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {MewsEtlPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv, env);
  CheckNoSecrets(r.out + r.err);
  return r;
}

Child StartEtl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv = {MewsEtlPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  Child child = StartChild(argv, env);
  REQUIRE(child.pid > 0);
  return child;
}

ProcessResult WaitEtl(Child& child) {
  ProcessResult r = WaitChild(child);
  CheckNoSecrets(r.out + r.err);
  return r;
}

std::vector<std::string> ErrorLines(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Z error ") != std::string::npos) out.push_back(line);
  }
  return out;
}

std::vector<std::string> DbArgs(const Target& target) {
  std::vector<std::string> out = {"--db", target.url};
  if (target.pg()) out.insert(out.end(), {"--pg-schema", target.options.pg_schema});
  return out;
}

std::vector<std::string> StatusArgs(const Target& target) {
  std::vector<std::string> args = {"status"};
  for (const std::string& a : DbArgs(target)) args.push_back(a);
  return args;
}

std::vector<std::string> SyncArgs(const Target& target, const std::string& work_dir,
                                  const std::vector<std::string>& extra) {
  std::vector<std::string> out = {"sync"};
  for (const std::string& a : DbArgs(target)) out.push_back(a);
  // The exported types only: the suites using this test the facts; reference_test.cc and
  // demo_test.cc sync the reference types.
  out.insert(out.end(), {"--work-dir", work_dir, "--poll-interval", "0.1", "--no-reference"});
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::map<std::string, EntityFigures> ReadSummary(const std::string& path) {
  std::map<std::string, EntityFigures> out;
  for (auto& [key, f] : ReadSummaryByConnection(path)) out[key.substr(key.find('/') + 1)] = f;
  return out;
}

std::map<std::string, EntityFigures> ReadSummaryByConnection(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_MESSAGE(!parser.load(path).get(doc), (std::string("cannot parse ") + path));
  std::map<std::string, EntityFigures> out;
  simdjson::dom::array entities;
  REQUIRE(!doc["entities"].get(entities));
  for (simdjson::dom::element e : entities) {
    EntityFigures f;
    f.status = Str(e, "/status");
    int64_t n = 0;
    if (!e["inserted"].get(n)) f.inserted = n;
    if (!e["updated"].get(n)) f.updated = n;
    if (!e["unchanged"].get(n)) f.unchanged = n;
    if (!e["deleted"].get(n)) f.deleted = n;
    simdjson::dom::array ids;
    if (!e["export_ids"].get(ids)) {
      for (simdjson::dom::element id : ids) f.export_ids.emplace_back(std::string_view(id));
    }
    f.connection = Str(e, "/connection");
    std::string_view error;
    if (!e["error"].get(error)) f.error = std::string(error);
    out[f.connection + "/" + Str(e, "/entity")] = f;
  }
  return out;
}

std::vector<std::string> SimRecordIds(const std::string& entity, const std::vector<int>& indexes) {
  int count = 0;
  for (int i : indexes) count = std::max(count, i + 1);
  ProcessResult r = RunProcess({MewsSimPath(), "generate", "--entity", entity, "--count", std::to_string(count)});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == static_cast<size_t>(count));
  simdjson::dom::parser parser;
  std::vector<std::string> out;
  for (int i : indexes) {
    simdjson::dom::element e;
    REQUIRE(!parser.parse(lines[i]).get(e));
    out.push_back(Str(e, "/Id"));
  }
  return out;
}

double EpochSeconds(const std::string& iso) {
  std::tm tm{};
  int consumed = 0;
  INFO(iso);
  REQUIRE(std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) == 6);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  double frac = 0;
  if (iso.size() > static_cast<size_t>(consumed) && iso[consumed] == '.') frac = std::atof(("0" + iso.substr(consumed)).c_str());
  return static_cast<double>(timegm(&tm)) + frac;
}

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string RootTable(const std::string& entity) { return MappingOf(entity).root.name; }

std::vector<std::string> AllTables(const std::string& entity) {
  const EntityMapping& m = MappingOf(entity);
  std::vector<std::string> out = {m.root.name};
  for (const Table& t : m.children) out.push_back(t.name);
  return out;
}

bool WaitFor(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

namespace {
bool SqliteWriterActive(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return false;
  }
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db);
  return rc == SQLITE_BUSY;
}
}  // namespace

bool WaitForOpenLoad(const Target& target) {
  if (!target.pg()) return WaitFor([&] { return SqliteWriterActive(target.url.substr(7)); });
  auto db = Inspect(target);
  return WaitFor([&] {
    return db->Value("SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND application_name = '" +
                     PgAppName(target) + "' AND clock_timestamp() - xact_start > interval '300 milliseconds'") != "0";
  });
}

std::string PgAppName(const Target& target) { return "e2e_" + target.options.pg_schema; }

std::string DumpEntity(Inspector& db, const std::string& entity) {
  const EntityMapping& m = MappingOf(entity);
  std::string out = db.Dump(m.root.name, "id");
  for (const Table& t : m.children) out += db.Dump(t.name, "parent_id, ordinal");
  return out;
}

std::vector<std::string> LastRun(Inspector& db, const std::string& entity) {
  auto rows = db.Rows("SELECT status, coalesce(error, '') FROM etl_runs WHERE entity = '" + entity +
                      "' ORDER BY id DESC LIMIT 1");
  REQUIRE(rows.size() == 1);
  return rows[0];
}

}  // namespace mews::test
