// An in-memory Sink for unit tests of the orchestration (app/): every role of load/sink.h over one
// MemoryDatabase that several sessions share, the load path through the real SinkBase (so its
// guards and commit sequence are the ones under test), and faults to inject. Root rows only: a
// row's content is its root cells; children are not kept. Thread-safe across sessions.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "load/sink_base.h"

namespace mews::test {

struct MemoryDatabase {
  std::mutex mu;
  // Root table name -> id -> the row's cells as text: what committed loads left behind.
  std::map<std::string, std::map<std::string, std::string>> rows;
  std::vector<RunRecord> runs;          // in id order
  std::vector<ExportRecord> exports;    // in insertion order
  std::vector<Watermark> watermarks;
  std::vector<ConnectionRecord> connections;
  std::vector<Reject> rejects;
  std::map<std::string, const void*> locks;  // "connection/entity" -> holding session
  std::set<std::string> migrated;            // entity types Migrate was given
  SinkCapabilities capabilities;
  // Faults: the next Commit's COMMIT fails with this status (then it is cleared).
  Status fail_commit;
  int commits = 0, rollbacks = 0, begins = 0;

  // Copies under the lock, for assertions.
  std::vector<RunRecord> Runs();
  std::vector<ExportRecord> Exports();
  std::optional<Watermark> GetWatermark(const std::string& connection, const std::string& entity,
                                        const std::string& kind);
  size_t RowCount(const std::string& table);
};

class MemorySink : public SinkBase {
 public:
  MemorySink(std::shared_ptr<MemoryDatabase> db, std::string connection)
      : db_(std::move(db)), connection_(std::move(connection)) {}
  ~MemorySink() override;

  const std::string& display_url() const override { return url_; }
  SinkCapabilities capabilities() const override;

  Result<std::vector<std::string>> Migrate(const std::vector<const EntityMapping*>& mappings) override;
  Result<std::vector<std::string>> PendingMigration(const std::vector<const EntityMapping*>& mappings) override;
  Status CheckWritable() override { return Status::Ok(); }
  Status LockEntity(const std::string& entity, LockMode mode) override;
  Status UnlockEntity(const std::string& entity) override;

  Result<int64_t> StartRun(const std::string& entity, const std::string& command) override;
  Status FinishRun(int64_t run_id, const RunOutcome& outcome) override;
  Result<std::vector<RunRecord>> RecentRuns(int limit) override;
  Result<std::vector<ExportRecord>> ListOpenExports() override;
  Result<std::optional<Watermark>> GetWatermark(const std::string& entity, const std::string& kind) override;
  Status SetWatermark(const Watermark& watermark) override;
  Result<std::vector<Watermark>> ListWatermarks() override;
  Result<ClaimOutcome> ClaimConnection(const std::string& fingerprint, const std::string& api_host, bool rebind,
                                       bool write) override;
  Result<std::vector<ConnectionRecord>> ListConnections() override;
  Status SaveExport(const ExportRecord& record) override;
  Result<std::vector<ExportRecord>> OpenExports(const std::string& entity) override;

 protected:
  Status OpenLoad(const EntityMapping& mapping, const LoadContext& context) override;
  Status StageBatch(const RowBatch& batch) override;
  Status StageReject(const Reject& reject) override;
  Result<LoadCounts> MergeLoad() override;
  Status WriteWatermarkInLoad(const Watermark& watermark) override;
  Status MarkExportLoaded(const std::string& export_id) override;
  Status CommitLoad() override;
  Status RollbackLoad() override;

 private:
  struct Staged {
    const EntityMapping* mapping = nullptr;
    LoadContext context;
    std::map<std::string, std::string> rows;  // id -> content; a later record of an id wins
    std::vector<Reject> rejects;
    std::optional<Watermark> watermark;
    std::optional<std::string> loaded_export;
  };
  void PutWatermark(const Watermark& watermark);  // with db_->mu held

  std::shared_ptr<MemoryDatabase> db_;
  std::string connection_;
  std::string url_ = "memory:";
  std::unique_ptr<Staged> load_;
};

// Opens MemorySink sessions on one database, for SyncSeams::open_sink and the like.
struct MemorySinkFactory {
  std::shared_ptr<MemoryDatabase> db = std::make_shared<MemoryDatabase>();
  std::string connection = "default";
  Result<std::unique_ptr<Sink>> operator()() const {
    return std::unique_ptr<Sink>(new MemorySink(db, connection));
  }
};

}  // namespace mews::test
