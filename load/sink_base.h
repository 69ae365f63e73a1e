// What both sinks (and the tests' in-memory one) share, in the shape of spdlog's base_sink: the
// public load calls are implemented here once, and a backend supplies only the steps that touch its
// database. The base guarantees: one open load per session; no Write, AddReject or Commit once the
// load is over; batches of the load's mapping only; the commit sequence (merge, watermark, export
// marked Loaded, COMMIT) with a rollback when any step fails; and a rollback of the open load when
// the Load is dropped or the session closes. Internal to load/ (and test doubles).
#pragma once

#include <memory>
#include <string>

#include "load/sink.h"

namespace mews {

class SinkBase : public Sink {
 public:
  ~SinkBase() override;
  Result<std::unique_ptr<Load>> Begin(const EntityMapping& mapping, const LoadContext& context) final;

 protected:
  // A backend's destructor calls this first: it rolls back the open load (if any) while the
  // backend can still run its RollbackLoad, and turns the Load handed out into a dead one.
  void CloseOpenLoad();
  bool load_open() const { return open_ != nullptr; }

  // --- the backend's steps; the base calls them only as described -----------------------------
  // Opens the load transaction and its staging. On failure nothing is left open.
  virtual Status OpenLoad(const EntityMapping& mapping, const LoadContext& context) = 0;
  // While the load is open, with a batch of its mapping.
  virtual Status StageBatch(const RowBatch& batch) = 0;
  virtual Status StageReject(const Reject& reject) = 0;
  // Merges what was staged by the contract's rules (a full snapshot's deletions included) and
  // returns the counts of every table; `rejected` is filled by the base.
  virtual Result<LoadCounts> MergeLoad() = 0;
  // Inside the load transaction, after MergeLoad.
  virtual Status WriteWatermarkInLoad(const Watermark& watermark) = 0;
  virtual Status MarkExportLoaded(const std::string& export_id) = 0;
  virtual Status CommitLoad() = 0;
  // Ends the load transaction without a change; the session stays usable. Called after any failed
  // step, on Rollback and when an uncommitted load is dropped.
  virtual Status RollbackLoad() = 0;

 private:
  class OpenLoadHandle;
  friend class OpenLoadHandle;

  Status Write(const RowBatch& batch);
  Status AddReject(const Reject& reject);
  Result<LoadCounts> Commit(const CommitOptions& options);
  Status Rollback();

  OpenLoadHandle* open_ = nullptr;  // the Load of the open load; null when none is open
  const EntityMapping* mapping_ = nullptr;
  int64_t rejected_ = 0;
};

}  // namespace mews
