// mews-etl check: the local lines (database, schema, work directory).
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/preflight.h"

namespace mews {
namespace {

namespace fs = std::filesystem;

CheckLine Fail(const std::string& name, const std::string& detail, const std::string& fix) {
  return {name, false, detail, fix};
}

// "N statement(s) pending (first: CREATE TABLE ...)" from the pending migration.
std::string PendingSummary(const std::vector<std::string>& ddl) {
  std::string first = ddl.front().substr(0, ddl.front().find_first_of("(\n"));
  while (!first.empty() && first.back() == ' ') first.pop_back();
  return std::to_string(ddl.size()) + " migration statement(s) pending, first: " + first;
}

std::string Gib(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1u << 30));
  return text;
}

// The directory itself when it exists, else its nearest existing ancestor.
fs::path ExistingBase(const fs::path& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec);
  while (!p.empty() && !fs::exists(p, ec) && p != p.parent_path()) p = p.parent_path();
  return p;
}

}  // namespace

std::vector<CheckLine> CheckDatabase(const Options& options,
                                     const std::vector<const EntityMapping*>& mappings) {
  SinkOptions sink_options;
  sink_options.pg_schema = options.pg_schema;
  sink_options.connection = options.connection;  // --connection / MEWS_CONNECTION (check takes no --config)
  sink_options.busy_timeout_ms = 2000;  // a check should not wait long for another writer
  std::vector<CheckLine> out;
  Result<std::unique_ptr<Sink>> sink = OpenSink(options.db, sink_options);
  Status writable = sink.ok() ? (*sink)->CheckWritable() : sink.status();
  if (!writable.ok()) {
    out.push_back(Fail("database", writable.message(),
                       sink.ok() ? "grant this user CREATE and write rights (PostgreSQL), or stop the "
                                   "process holding the SQLite file's write lock"
                                 : "check --db / MEWS_ETL_DB, that the server runs, and the password"));
    out.push_back(Fail("schema", "not checked: the database is not usable", "fix database first"));
    return out;
  }
  std::string where = (*sink)->display_url();
  out.push_back({"database", true, where + " is reachable and writable", ""});
  Result<std::vector<std::string>> pending = (*sink)->PendingMigration(mappings);
  if (!pending.ok()) {
    out.push_back(Fail("schema", pending.status().message(), "check the database's permissions"));
  } else if (!pending->empty()) {
    out.push_back(Fail("schema", PendingSummary(*pending),
                       "run 'mews-etl schema' with the same --db (sync also migrates on its own)"));
  } else {
    out.push_back({"schema", true, "current for every entity type", ""});
  }
  return out;
}

CheckLine CheckWorkDir(const std::string& dir, uint64_t min_free_bytes) {
  fs::path base = ExistingBase(dir);
  std::error_code ec;
  if (base.empty() || !fs::is_directory(base, ec)) {
    return Fail("work-dir", dir + " cannot be created: " + base.string() + " is not a directory",
                "pass --work-dir DIR (or MEWS_ETL_WORK_DIR) naming a writable directory");
  }
  std::string probe = (base / ".mews-etl-check-probe").string();
  std::FILE* f = std::fopen(probe.c_str(), "wb");
  if (f == nullptr) {
    return Fail("work-dir", "cannot write in " + base.string() + ": " + std::strerror(errno),
                "pass --work-dir DIR (or MEWS_ETL_WORK_DIR) naming a writable directory");
  }
  std::fclose(f);
  ::unlink(probe.c_str());
  struct statvfs vfs {};
  if (statvfs(base.c_str(), &vfs) != 0) {
    return Fail("work-dir", "cannot read the free space of " + base.string() + ": " + std::strerror(errno),
                "pass --work-dir DIR (or MEWS_ETL_WORK_DIR) on a local file system");
  }
  uint64_t free_bytes = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  std::string what = dir + (fs::exists(dir, ec) ? "" : " (to be created)") + " has " +
                     Gib(free_bytes) + " free";
  if (free_bytes < min_free_bytes) {
    return Fail("work-dir", what + ", less than the " + Gib(min_free_bytes) + " required (--min-free-gib)",
                "free space there or pass --work-dir DIR on a larger file system");
  }
  return {"work-dir", true, what, ""};
}

}  // namespace mews
