#include "tests/app/memory_sink.h"

#include <algorithm>

namespace mews::test {
namespace {

bool Closed(const ExportRecord& r) { return r.status == "Loaded" || r.status == "Failed" || r.status == "Expired"; }

// A root row's cells as one text, for "did the content change".
std::string Content(const TableRows& rows, size_t r) {
  std::string out;
  for (size_t c = 0; c < rows.width(); ++c) {
    const Cell& cell = rows.cell(r, c);
    switch (cell.kind) {
      case Cell::kNull: out += "\\N"; break;
      case Cell::kInt: out += std::to_string(rows.int_value(r, c)); break;
      case Cell::kBool: out += rows.bool_value(r, c) ? "t" : "f"; break;
      case Cell::kText: out += std::string(rows.text(r, c)); break;
    }
    out += '\t';
  }
  return out;
}

}  // namespace

std::vector<RunRecord> MemoryDatabase::Runs() {
  std::lock_guard<std::mutex> lock(mu);
  return runs;
}

std::vector<ExportRecord> MemoryDatabase::Exports() {
  std::lock_guard<std::mutex> lock(mu);
  return exports;
}

std::optional<Watermark> MemoryDatabase::GetWatermark(const std::string& connection, const std::string& entity,
                                                      const std::string& kind) {
  std::lock_guard<std::mutex> lock(mu);
  for (const Watermark& w : watermarks) {
    if (w.connection == connection && w.entity == entity && w.kind == kind) return w;
  }
  return std::nullopt;
}

size_t MemoryDatabase::RowCount(const std::string& table) {
  std::lock_guard<std::mutex> lock(mu);
  auto it = rows.find(table);
  return it == rows.end() ? 0 : it->second.size();
}

MemorySink::~MemorySink() {
  CloseOpenLoad();
  std::lock_guard<std::mutex> lock(db_->mu);
  for (auto it = db_->locks.begin(); it != db_->locks.end();) {
    it = it->second == this ? db_->locks.erase(it) : std::next(it);
  }
}

SinkCapabilities MemorySink::capabilities() const {
  std::lock_guard<std::mutex> lock(db_->mu);
  return db_->capabilities;
}

Result<std::vector<std::string>> MemorySink::Migrate(const std::vector<const EntityMapping*>& mappings) {
  std::lock_guard<std::mutex> lock(db_->mu);
  std::vector<std::string> ran;
  for (const EntityMapping* m : mappings) {
    if (db_->migrated.insert(m->entity).second) ran.push_back("create " + m->root.name);
  }
  return ran;
}

Result<std::vector<std::string>> MemorySink::PendingMigration(const std::vector<const EntityMapping*>& mappings) {
  std::lock_guard<std::mutex> lock(db_->mu);
  std::vector<std::string> pending;
  for (const EntityMapping* m : mappings) {
    if (!db_->migrated.count(m->entity)) pending.push_back("create " + m->root.name);
  }
  return pending;
}

Status MemorySink::LockEntity(const std::string& entity, LockMode) {
  std::lock_guard<std::mutex> lock(db_->mu);
  auto [it, added] = db_->locks.emplace(connection_ + "/" + entity, this);
  if (added || it->second == this) return Status::Ok();
  return Status::Unavailable("another session is loading " + entity);  // kWait is not modelled
}

Status MemorySink::UnlockEntity(const std::string& entity) {
  std::lock_guard<std::mutex> lock(db_->mu);
  auto it = db_->locks.find(connection_ + "/" + entity);
  if (it != db_->locks.end() && it->second == this) db_->locks.erase(it);
  return Status::Ok();
}

Result<int64_t> MemorySink::StartRun(const std::string& entity, const std::string& command) {
  std::lock_guard<std::mutex> lock(db_->mu);
  RunRecord r;
  r.id = static_cast<int64_t>(db_->runs.size()) + 1;
  r.entity = entity;
  r.command = command;
  r.status = RunStatusName(RunStatus::kRunning);
  r.connection = connection_;
  db_->runs.push_back(r);
  return r.id;
}

Status MemorySink::FinishRun(int64_t run_id, const RunOutcome& outcome) {
  std::lock_guard<std::mutex> lock(db_->mu);
  if (run_id < 1 || run_id > static_cast<int64_t>(db_->runs.size())) return Status::Internal("no run " + std::to_string(run_id));
  RunRecord& r = db_->runs[static_cast<size_t>(run_id - 1)];
  r.status = RunStatusName(outcome.status);
  r.finished_at = "finished";
  r.export_id = outcome.export_id;
  r.error = outcome.error;
  if (!outcome.counts.tables.empty()) {
    r.inserted = outcome.counts.root().inserted;
    r.updated = outcome.counts.root().updated;
    r.unchanged = outcome.counts.root().unchanged;
  }
  r.rejected = outcome.counts.rejected;
  return Status::Ok();
}

Result<std::vector<RunRecord>> MemorySink::RecentRuns(int limit) {
  std::lock_guard<std::mutex> lock(db_->mu);
  std::vector<RunRecord> out(db_->runs.rbegin(), db_->runs.rend());
  if (out.size() > static_cast<size_t>(limit)) out.resize(static_cast<size_t>(limit));
  return out;
}

Result<std::vector<ExportRecord>> MemorySink::ListOpenExports() {
  std::lock_guard<std::mutex> lock(db_->mu);
  std::vector<ExportRecord> out;
  for (auto it = db_->exports.rbegin(); it != db_->exports.rend(); ++it) {
    if (!Closed(*it)) out.push_back(*it);
  }
  return out;
}

Result<std::vector<ExportRecord>> MemorySink::OpenExports(const std::string& entity) {
  Result<std::vector<ExportRecord>> all = ListOpenExports();
  std::vector<ExportRecord> out;
  for (const ExportRecord& r : *all) {
    if (r.entity == entity && r.connection == connection_) out.push_back(r);
  }
  return out;
}

Status MemorySink::SaveExport(const ExportRecord& record) {
  std::lock_guard<std::mutex> lock(db_->mu);
  ExportRecord r = record;
  r.connection = connection_;
  for (ExportRecord& e : db_->exports) {
    if (e.id == r.id) {
      e = r;
      return Status::Ok();
    }
  }
  db_->exports.push_back(r);
  return Status::Ok();
}

void MemorySink::PutWatermark(const Watermark& watermark) {
  Watermark w = watermark;
  w.connection = connection_;
  w.updated_at = "now";
  for (Watermark& e : db_->watermarks) {
    if (e.connection == w.connection && e.entity == w.entity && e.kind == w.kind) {
      e = w;
      return;
    }
  }
  db_->watermarks.push_back(w);
}

Result<std::optional<Watermark>> MemorySink::GetWatermark(const std::string& entity, const std::string& kind) {
  return db_->GetWatermark(connection_, entity, kind);
}

Status MemorySink::SetWatermark(const Watermark& watermark) {
  std::lock_guard<std::mutex> lock(db_->mu);
  PutWatermark(watermark);
  return Status::Ok();
}

Result<std::vector<Watermark>> MemorySink::ListWatermarks() {
  std::lock_guard<std::mutex> lock(db_->mu);
  return db_->watermarks;
}

Result<ClaimOutcome> MemorySink::ClaimConnection(const std::string& fingerprint, const std::string& api_host,
                                                 bool rebind, bool write) {
  std::lock_guard<std::mutex> lock(db_->mu);
  for (ConnectionRecord& c : db_->connections) {
    if (c.name != connection_) continue;
    if (c.fingerprint != fingerprint && !rebind) return ClaimOutcome::kMismatch;
    const bool same = c.fingerprint == fingerprint;
    if (write) c.fingerprint = fingerprint, c.api_host = api_host;
    return same ? ClaimOutcome::kMatched : ClaimOutcome::kRebound;
  }
  if (write) db_->connections.push_back(ConnectionRecord{connection_, fingerprint, api_host, "now", "now"});
  return ClaimOutcome::kFirstUse;
}

Result<std::vector<ConnectionRecord>> MemorySink::ListConnections() {
  std::lock_guard<std::mutex> lock(db_->mu);
  return db_->connections;
}

Status MemorySink::OpenLoad(const EntityMapping& mapping, const LoadContext& context) {
  std::lock_guard<std::mutex> lock(db_->mu);
  if (!db_->migrated.count(mapping.entity)) return Status::Database("memory: no table for " + mapping.entity);
  load_ = std::make_unique<Staged>();
  load_->mapping = &mapping;
  load_->context = context;
  ++db_->begins;
  return Status::Ok();
}

Status MemorySink::StageBatch(const RowBatch& batch) {
  const TableRows& root = batch.root();
  const size_t key = static_cast<size_t>(load_->mapping->key_column);
  for (size_t r = 0; r < root.size(); ++r) load_->rows[std::string(root.text(r, key))] = Content(root, r);
  return Status::Ok();
}

Status MemorySink::StageReject(const Reject& reject) {
  load_->rejects.push_back(reject);
  return Status::Ok();
}

Result<LoadCounts> MemorySink::MergeLoad() {
  std::lock_guard<std::mutex> lock(db_->mu);
  LoadCounts counts;
  counts.tables.push_back(TableCounts{load_->mapping->root.name});
  TableCounts& root = counts.tables.front();
  const auto& stored = db_->rows[load_->mapping->root.name];
  for (const auto& [id, content] : load_->rows) {
    auto it = stored.find(id);
    if (it == stored.end()) ++root.inserted;
    else if (it->second != content) ++root.updated;
    else ++root.unchanged;
  }
  if (load_->context.full_snapshot) {
    for (const auto& [id, content] : stored) root.deleted += load_->rows.count(id) ? 0 : 1;
  }
  return counts;
}

Status MemorySink::WriteWatermarkInLoad(const Watermark& watermark) {
  load_->watermark = watermark;
  return Status::Ok();
}

Status MemorySink::MarkExportLoaded(const std::string& export_id) {
  load_->loaded_export = export_id;
  return Status::Ok();
}

Status MemorySink::CommitLoad() {
  std::lock_guard<std::mutex> lock(db_->mu);
  if (!db_->fail_commit.ok()) {
    Status s = db_->fail_commit;
    db_->fail_commit = Status::Ok();
    return s;
  }
  auto& stored = db_->rows[load_->mapping->root.name];
  for (auto& [id, content] : load_->rows) stored[id] = std::move(content);
  for (Reject& r : load_->rejects) db_->rejects.push_back(std::move(r));
  if (load_->watermark) PutWatermark(*load_->watermark);
  for (ExportRecord& e : db_->exports) {
    if (load_->loaded_export && e.id == *load_->loaded_export) e.status = "Loaded";
  }
  ++db_->commits;
  load_.reset();
  return Status::Ok();
}

Status MemorySink::RollbackLoad() {
  std::lock_guard<std::mutex> lock(db_->mu);
  ++db_->rollbacks;
  load_.reset();
  return Status::Ok();
}

}  // namespace mews::test
