#include "load/sink_base.h"

namespace mews {

// The Load handed out by Begin. It forwards to its session while the load is open; the session
// detaches it when the load ends or the session closes.
class SinkBase::OpenLoadHandle : public Load {
 public:
  explicit OpenLoadHandle(SinkBase* sink) : sink_(sink), display_(sink->display_url()) {}
  ~OpenLoadHandle() override { (void)Rollback(); }

  Status Write(const RowBatch& batch) override { return sink_ ? sink_->Write(batch) : Ended("Write"); }
  Status AddReject(const Reject& reject) override { return sink_ ? sink_->AddReject(reject) : Ended("AddReject"); }
  Result<LoadCounts> Commit(const CommitOptions& options) override {
    if (!sink_) return Ended("Commit");
    return sink_->Commit(options);
  }
  Status Rollback() override { return sink_ ? sink_->Rollback() : Status::Ok(); }

  void Detach() { sink_ = nullptr; }

 private:
  Status Ended(const char* call) const { return Status::Internal(display_ + ": " + call + " after the load ended"); }

  SinkBase* sink_;
  std::string display_;  // the session's, for messages after it closed
};

SinkBase::~SinkBase() {
  // A backend that forgot CloseOpenLoad can no longer roll back here (its part is gone); the
  // handle must not reach it.
  if (open_) open_->Detach();
}

void SinkBase::CloseOpenLoad() { (void)Rollback(); }

Result<std::unique_ptr<Load>> SinkBase::Begin(const EntityMapping& mapping, const LoadContext& context) {
  if (open_) {
    return Status::Internal(display_url() + ": Begin while a load of " + mapping_->entity + " is open");
  }
  MEWS_RETURN_IF_ERROR(CheckConnectionName(context.connection));
  MEWS_RETURN_IF_ERROR(OpenLoad(mapping, context));
  auto handle = std::make_unique<OpenLoadHandle>(this);
  open_ = handle.get();
  mapping_ = &mapping;
  rejected_ = 0;
  return std::unique_ptr<Load>(std::move(handle));
}

Status SinkBase::Write(const RowBatch& batch) {
  if (&batch.mapping() != mapping_ && batch.mapping().entity != mapping_->entity) {
    return Status::Internal(display_url() + ": a " + batch.mapping().entity + " batch in a load of " +
                            mapping_->entity);
  }
  return StageBatch(batch);
}

Status SinkBase::AddReject(const Reject& reject) {
  MEWS_RETURN_IF_ERROR(StageReject(reject));
  ++rejected_;
  return Status::Ok();
}

Result<LoadCounts> SinkBase::Commit(const CommitOptions& options) {
  Result<LoadCounts> counts = MergeLoad();
  Status s = counts.ok() ? Status::Ok() : counts.status();
  if (s.ok() && options.watermark) s = WriteWatermarkInLoad(*options.watermark);
  if (s.ok() && options.loaded_export_id) s = MarkExportLoaded(*options.loaded_export_id);
  if (s.ok()) s = CommitLoad();
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  open_->Detach();
  open_ = nullptr;
  counts->rejected = rejected_;
  return counts;
}

Status SinkBase::Rollback() {
  if (!open_) return Status::Ok();
  open_->Detach();
  open_ = nullptr;
  return RollbackLoad();
}

}  // namespace mews
