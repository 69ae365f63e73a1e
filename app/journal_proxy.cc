#include "app/journal_proxy.h"

#include <algorithm>

namespace mews {

Status JournalProxy::SaveExport(const ExportRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (single_writer_ && load_open_) {
    queued_.push_back(record);
    return Status::Ok();
  }
  return state_->SaveExport(record);
}

Result<std::vector<ExportRecord>> JournalProxy::OpenExports(const std::string& entity) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::vector<ExportRecord>> open = state_->OpenExports(entity);
  if (!open.ok()) return open;
  // Queued records are newer than what the database holds.
  for (const ExportRecord& q : queued_) {
    if (q.entity != entity) continue;
    bool replaced = false;
    for (ExportRecord& r : open.value()) {
      if (r.id == q.id) {
        r = q;
        replaced = true;
      }
    }
    if (!replaced) open->insert(open->begin(), q);
  }
  auto closed = [](const ExportRecord& r) {
    return r.status == "Loaded" || r.status == "Failed" || r.status == "Expired";
  };
  open->erase(std::remove_if(open->begin(), open->end(), closed), open->end());
  return open;
}

void JournalProxy::Reset(RunStateStore* state) {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = state;
}

void JournalProxy::BeginLoad() {
  std::lock_guard<std::mutex> lock(mu_);
  load_open_ = true;
}

Status JournalProxy::EndLoad() {
  std::lock_guard<std::mutex> lock(mu_);
  load_open_ = false;
  Status first;
  for (const ExportRecord& r : queued_) {
    Status s = state_->SaveExport(r);
    if (first.ok() && !s.ok()) first = s;
  }
  queued_.clear();
  return first;
}

}  // namespace mews
