// The SQLite sink: one connection (WAL, synchronous=NORMAL, busy_timeout), loads in one
// BEGIN IMMEDIATE transaction with prepared statements applying the contract row by row, and the
// run state in the same file. Internal to load/: use OpenSink.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "load/file_lock.h"
#include "load/sink_base.h"
#include "load/sqlite/sqlite_db.h"

namespace mews {

// PRAGMA cache_size values (negative: KiB): the page cache of a load, and of its index builds; the
// temp database's for temp._mews_seen, and for the staging tables of a load into empty tables (which
// are only appended to and read once). An index build sorts its keys in runs of the cache's size and
// SQLite merges at most 16 runs at once: with 16 MiB, the keys of up to about 4 million rows (a uuid
// key is about 60 bytes in the sort) merge in one pass; with 8 MiB, 3 million rows took a second.
constexpr int kPageCacheKib = -131072;
constexpr int kIndexBuildCacheKib = -16384;
constexpr int kSeenCacheKib = -16384;
constexpr int kStagingCacheKib = -4096;

class SqliteSink : public SinkBase {
 public:
  static Result<std::unique_ptr<Sink>> Open(const std::string& path, const std::string& display,
                                            const SinkOptions& options);
  ~SqliteSink() override;

  const std::string& display_url() const override { return db_.display(); }
  SinkCapabilities capabilities() const override { return SinkCapabilities{true}; }
  Result<std::vector<std::string>> Migrate(const std::vector<const EntityMapping*>& mappings) override;
  Result<std::vector<std::string>> PendingMigration(
      const std::vector<const EntityMapping*>& mappings) override;
  Status CheckWritable() override;
  Status LockEntity(const std::string& entity, LockMode mode) override;
  Status UnlockEntity(const std::string& entity) override;

  Result<int64_t> StartRun(const std::string& entity, const std::string& command) override;
  Status FinishRun(int64_t run_id, const RunOutcome& outcome) override;
  Result<std::vector<RunRecord>> RecentRuns(int limit) override;
  Result<std::vector<ExportRecord>> ListOpenExports() override;
  Result<std::optional<Watermark>> GetWatermark(const std::string& entity, const std::string& kind) override;
  Status SetWatermark(const Watermark& watermark) override;
  Result<std::vector<Watermark>> ListWatermarks() override;
  Result<ClaimOutcome> ClaimConnection(const std::string& fingerprint, const std::string& api_host,
                                       bool rebind, bool write) override;
  Result<std::vector<ConnectionRecord>> ListConnections() override;
  Status SaveExport(const ExportRecord& record) override;
  Result<std::vector<ExportRecord>> OpenExports(const std::string& entity) override;

 protected:
  Status OpenLoad(const EntityMapping& mapping, const LoadContext& context) override;
  Status StageBatch(const RowBatch& batch) override;
  Status StageReject(const Reject& reject) override;
  Result<LoadCounts> MergeLoad() override;
  Status WriteWatermarkInLoad(const Watermark& watermark) override { return UpsertWatermark(watermark); }
  Status MarkExportLoaded(const std::string& export_id) override;
  Status CommitLoad() override;
  Status RollbackLoad() override;

 private:
  struct LoadState;  // statements and state of the open load (sqlite_load.cc)

  SqliteSink(const std::string& path, std::string connection)
      : path_(path), locks_(path + ".lock"), connection_(std::move(connection)) {}
  Status CheckNoLoad(const char* what) const;
  Result<std::vector<std::string>> TableColumns(const std::string& table);
  Result<int> ApplyRoot(const RowBatch& batch, size_t row, int64_t hash, int prior);
  Result<int> BackfillHash(const RowBatch& batch, size_t row, int64_t hash);
  Status WriteRow(const RowBatch& batch, size_t row, int64_t hash,
                  const std::vector<std::vector<size_t>>& child_starts);
  // sqlite_skip.cc: a record skipped as unchanged, first of its id, left out of _mews_seen (false:
  // it must be recorded); an id recorded that may repeat; the counts of those left out.
  Result<bool> SkipUnrecorded(std::string_view id, size_t row, const std::vector<std::vector<size_t>>& child_starts);
  void NoteRecordedRepeat(std::string_view id);
  Status CountUnrecorded(LoadCounts* counts);
  Status WriteChildren(const RowBatch& batch, size_t row, const std::vector<std::vector<size_t>>& child_starts,
                       bool replace);
  Status WriteRowEmpty(const RowBatch& batch, size_t row, int64_t hash,
                       const std::vector<std::vector<size_t>>& child_starts);
  Status StageChildren(const RowBatch& batch, size_t row, const std::vector<std::vector<size_t>>& child_starts);
  Status OpenStaging();
  Result<LoadCounts> MergeEmptyLoad();
  Status DropStaging();
  Result<bool> TableEmpty(const std::string& table);
  Status PrepareBulk();
  Status ShrinkCacheForSort();
  Status RestoreIndexes();
  Status FinishSnapshot(LoadCounts* counts);
  Result<LoadCounts> CountLoad();
  Status UpsertWatermark(const Watermark& watermark);
  Result<std::vector<ExportRecord>> QueryExports(const std::string& entity, bool own_connection);
  std::string LockName(const std::string& entity) const { return connection_ + "/" + entity; }

  SqliteDb db_;
  // Entity locks per (connection, entity), and kLoadLock, which serializes the loads of every
  // connection across processes: a second Begin waits for the first Commit, not on busy_timeout.
  std::string path_;
  FileLocks locks_;
  static constexpr const char* kLoadLock = " load";  // no connection or entity name has a space
  std::string connection_;
  std::unique_ptr<LoadState> load_;
};

}  // namespace mews
