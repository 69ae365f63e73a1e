#include "app/sync_group.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "app/config_file.h"
#include "app/extract_setup.h"
#include "app/logging.h"
#include "app/reference_sync.h"

namespace mews {
namespace {

struct Member {
  Options options;
  ExporterOptions exporter;
  std::vector<EntitySummary> summary;
  Status status;
};

// The connections of `config` that `options` selects, each with its own options.
Result<std::vector<Member>> Members(const Options& options, const SyncConfig& config) {
  for (const std::string& name : options.connections) {
    bool known = false;
    for (const ConnectionConfig& c : config.connections) known = known || c.name == name;
    if (!known) return Status::InvalidArgument("--connection " + name + ": no [connections." + name + "] in " +
                                               options.config);
  }
  std::vector<Member> out;
  for (const ConnectionConfig& c : config.connections) {
    const auto& wanted = options.connections;
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), c.name) == wanted.end()) continue;
    Member m;
    m.options = options;
    m.options.connection = c.name;
    m.options.connections = {c.name};
    if (!options.db_given && !config.database.empty()) m.options.db = config.database;
    if (options.entities.empty()) m.options.entities = c.entities;
    m.options.enterprise_ids = c.enterprise_ids;
    m.options.chain_ids = c.chain_ids;
    if (!c.language.empty()) m.options.language = c.language;
    m.options.work_dir = (std::filesystem::path(options.work_dir) / c.name).string();
    Result<ExporterOptions> exporter = ExporterOptionsWithTokens(m.options, config.client_token, c.access_token);
    if (!exporter.ok()) return exporter.status();
    m.exporter = std::move(exporter.value());
    if (!c.api_url.empty()) m.exporter.api_url = c.api_url;
    out.push_back(std::move(m));
  }
  return out;
}

void RunMember(const MappingRegistry& registry, Member* m) {
  SetLogConnection(m->options.connection);
  spdlog::info("connection {}: sync started", m->options.connection);
  m->status = RunFactsAndReference(m->options, registry, m->exporter, &m->summary);
  if (m->status.ok()) return;
  if (!ErrorReported(m->status)) ReportError(m->status);
  bool any_failed = false;
  for (const EntitySummary& e : m->summary) any_failed = any_failed || !e.error.empty();
  if (!any_failed) {  // failed before any type started (e.g. a refused token): say so in the summary
    EntitySummary e;
    e.connection = m->options.connection;
    e.entity = "-";
    e.status = "failed";
    e.error = m->status.message();
    m->summary.assign(1, e);
  }
}

}  // namespace

Status RunSyncGroup(const Options& options, const MappingRegistry& registry, std::vector<EntitySummary>* summary) {
  Result<SyncConfig> config = LoadSyncConfig(options.config);
  if (!config.ok()) return config.status();
  Result<std::vector<Member>> members = Members(options, *config);
  if (!members.ok()) return members.status();
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < members->size(); i = next++) RunMember(registry, &(*members)[i]);
  };
  std::vector<std::thread> threads;
  const size_t n = std::min(members->size(), static_cast<size_t>(std::max(1, options.jobs)));
  for (size_t i = 0; i < n; ++i) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  std::string failed;
  for (Member& m : *members) {
    for (EntitySummary& e : m.summary) summary->push_back(std::move(e));
    if (!m.status.ok()) failed += (failed.empty() ? "" : ", ") + m.options.connection;
  }
  if (failed.empty()) return Status::Ok();
  Status s = Status::Unavailable("sync failed for connection(s): " + failed + " (the others completed)");
  ReportError(s);
  return s;
}

}  // namespace mews
