#include "tools/mews-sim/export_store.h"

#include <algorithm>
#include <cstdio>

#include "tools/mews-sim/sim_random.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

struct ExportStore::Export {
  ExportView view;           // id, entity, scope, filters; status computed on read
  ExportFilter filter;
  std::shared_ptr<const EntityState> data;
  int64_t created = 0;
  bool held = false;
  bool forced_expired = false;
  bool written = false;      // files are on disk (or writing failed)
  bool failed = false;
  int64_t ready_at = 0;      // when Success starts (valid once written)
};

const char* ExportStatusName(ExportStatus s) {
  switch (s) {
    case ExportStatus::kPending: return "Pending";
    case ExportStatus::kProcessing: return "Processing";
    case ExportStatus::kSuccess: return "Success";
    case ExportStatus::kFailed: return "Failed";
    case ExportStatus::kExpired: return "Expired";
  }
  return "Failed";
}

ExportStore::ExportStore(DataStore* data, ExportTiming timing, std::string work_dir)
    : data_(data), timing_(timing), work_dir_(std::move(work_dir)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

ExportStore::~ExportStore() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  writer_.join();
}

ExportStatus ExportStore::StatusLocked(const Export& e, int64_t now) const {
  if (e.failed) return ExportStatus::kFailed;
  if (e.forced_expired) return ExportStatus::kExpired;
  if (e.written && !e.held && now >= e.ready_at) {
    return now >= e.ready_at + timing_.lifetime_micros ? ExportStatus::kExpired
                                                       : ExportStatus::kSuccess;
  }
  if (!e.held && now - e.created < timing_.processing_micros / 2) return ExportStatus::kPending;
  return ExportStatus::kProcessing;
}

ExportView ExportStore::ViewLocked(const Export& e, int64_t now) const {
  ExportView v = e.view;
  v.status = StatusLocked(e, now);
  if (v.status == ExportStatus::kSuccess || v.status == ExportStatus::kExpired) {
    v.expires = e.ready_at + timing_.lifetime_micros;
  }
  if (v.status != ExportStatus::kSuccess) v.files.clear();
  return v;
}

Result<ExportView> ExportStore::Create(Entity entity, std::string scope_json,
                                       std::string filters_json, ExportFilter filter, bool held) {
  std::unique_lock<std::mutex> lock(mu_);
  int64_t now = NowMicros();
  for (const auto& [id, e] : exports_) {
    ExportStatus s = StatusLocked(*e, now);
    if (e->view.entity == entity && (s == ExportStatus::kPending || s == ExportStatus::kProcessing)) {
      return Status::InvalidArgument("An export of EntityType " + EntityName(entity) +
                                     " is already pending or processing (" + id + ").");
    }
  }
  auto e = std::make_unique<Export>();
  std::string id;
  AppendUuid(&id, MakeUuid(data_->generator().seed ^ NameTag("export") ^ static_cast<uint64_t>(now), ++next_id_));
  e->view.id = id;
  e->view.entity = entity;
  e->view.scope_json = std::move(scope_json);
  e->view.filters_json = std::move(filters_json);
  e->filter = std::move(filter);
  e->data = data_->Snapshot(entity);
  e->created = now;
  e->held = held;
  Export* raw = e.get();
  exports_[id] = std::move(e);
  queue_.push_back(id);
  cv_.notify_all();
  ExportView view = ViewLocked(*raw, now);
  view.status = ExportStatus::kPending;
  if (timing_.processing_micros == 0 && !held) {
    cv_.wait(lock, [&] { return raw->written || stopping_; });
  }
  return view;
}

std::optional<ExportView> ExportStore::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = exports_.find(id);
  if (it == exports_.end()) return std::nullopt;
  return ViewLocked(*it->second, NowMicros());
}

Status ExportStore::Finish(const std::string& id) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = exports_.find(id);
  if (it == exports_.end()) return Status::NotFound("no export " + id);
  Export* e = it->second.get();
  cv_.wait(lock, [&] { return e->written || stopping_; });
  e->held = false;
  e->ready_at = NowMicros();
  return Status::Ok();
}

Status ExportStore::Expire(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = exports_.find(id);
  if (it == exports_.end()) return Status::NotFound("no export " + id);
  Export* e = it->second.get();
  if (!e->written) return Status::InvalidArgument("export " + id + " has not succeeded yet");
  e->forced_expired = true;
  for (const ExportFile& f : e->view.files) std::remove(f.path.c_str());
  return Status::Ok();
}

Status ExportStore::Fail(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = exports_.find(id);
  if (it == exports_.end()) return Status::NotFound("no export " + id);
  it->second->failed = true;
  return Status::Ok();
}

void ExportStore::WriterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::string id = queue_.front();
    queue_.pop_front();
    lock.unlock();
    WriteFiles(id);
    lock.lock();
  }
}

void ExportStore::WriteFiles(const std::string& id) {
  Export* e;
  {
    std::lock_guard<std::mutex> lock(mu_);
    e = exports_.at(id).get();  // exports are never removed, so `e` stays valid
  }
  Result<std::vector<ExportFile>> files =
      WriteExportFiles(e->view.entity, *e->data, data_->generator(), e->filter, id, work_dir_,
                       timing_.files_per_export);
  std::lock_guard<std::mutex> lock(mu_);
  if (files.ok()) {
    e->view.files = std::move(files.value());
  } else {
    std::fprintf(stderr, "mews-sim: export %s failed: %s\n", id.c_str(),
                 files.status().message().c_str());
    e->failed = true;
  }
  e->written = true;
  e->ready_at = std::max(NowMicros(), e->created + timing_.processing_micros);
  cv_.notify_all();
}

}  // namespace mews::sim
