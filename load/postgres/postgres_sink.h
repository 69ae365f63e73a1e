// The PostgreSQL sink (load/README.md, "How"), on libpqxx: rows are COPYed (text format, whole chunks)
// into TEMP staging tables that drop at commit; Commit dedupes them, runs one INSERT ... ON CONFLICT
// (id) DO UPDATE ... WHERE per table, rewrites the children of written parents and commits. The state
// calls use a second connection while a load transaction is open, so they commit on their own.
// Internal to load/: use OpenSink.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "load/id_filter.h"
#include "load/spill_file.h"
#include "load/postgres/pg_conn.h"
#include "load/sink_base.h"

namespace mews {

struct ChildSql;  // pg_children.cc

class PostgresSink : public SinkBase {
 public:
  static Result<std::unique_ptr<Sink>> Open(const std::string& uri, const std::string& display,
                                            const SinkOptions& options);
  ~PostgresSink() override;

  const std::string& display_url() const override { return conn_->display(); }
  SinkCapabilities capabilities() const override { return SinkCapabilities{false}; }
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
  Status WriteWatermarkInLoad(const Watermark& watermark) override { return UpsertWatermark(conn_.get(), watermark); }
  Status MarkExportLoaded(const std::string& export_id) override;
  Status CommitLoad() override;
  Status RollbackLoad() override;

 private:
  // Merging in rounds (pg_rounds.cc): changed records whose id the load had certainly not seen
  // are merged while the rest stream in, on the flush thread, from staging tables of their own. A
  // savepoint taken before the first round and a local copy of every COPY chunk sent after it let
  // the load go back to merging everything at the end, should a later record repeat such an id.
  struct RoundState {
    bool on = false;     // rounds may still run
    bool begun = false;  // the savepoint is taken: every later chunk is kept in `replay`
    int64_t max_records = 0;  // rounds stop once they merged more records (< 0: no bound)
    int64_t gathered = 0;     // COPY text gathered by the load so far, in bytes
    std::vector<std::string> text;  // COPY text of round records not yet sent, per staging table
    size_t bytes = 0;               // its size
    std::vector<int64_t> pending;   // its rows, per staging table
    std::vector<int64_t> merged;    // rows sent to rounds, per staging table
    std::vector<TableCounts> counts;  // what the rounds merged, per table (root first)
    std::optional<IdFilter> ids;      // the ids of round records
    std::vector<std::unique_ptr<SpillFile>> replay;  // chunks since the savepoint, per COPY slot
    std::unique_ptr<SpillFile> rejects;              // rejects stored since then, as etl_rejects COPY lines
  };
  struct LoadState {
    const EntityMapping* mapping = nullptr;
    LoadContext context;
    int64_t next_seq = 0;
    std::vector<std::string> copy_text;  // COPY text not yet sent, per staging table (root first)
    size_t copy_bytes = 0;               // their total size
    std::vector<int64_t> staged;  // rows in each staging table (root first); skipped records included
    // The root table was empty when the load began: no stored hash to compare with (pg_skip.cc).
    bool empty_at_begin = false;
    int64_t skipped = 0;  // records skipped as unchanged by their hash (pg_skip.cc), staged or spilled
    std::vector<int64_t> skipped_kids;  // their rows in each child table
    // Skipped records whose id the load had certainly not seen before, outside full snapshots: kept
    // in a local file instead of staging, and staged at the merge only if their id comes again.
    std::unique_ptr<SpillFile> skip_spill;
    bool no_spill = false;  // no scratch file could be created: skipped records are all staged
    std::string skip_line;  // scratch for one skipped record's COPY line
    int64_t merging = 0;  // root rows the merge writes or compares, after Dedupe
    // Skipped records Dedupe deleted from the root's staging, and their child rows per child table.
    int64_t deduped_skipped = 0;
    std::vector<int64_t> deduped_skipped_kids;
    bool unhashed_rows = false;  // a lookup met stored rows without a hash (BackfillHashes)
    // The hash lookups' own session (pg_skip.cc), opened by the load's first lookup and closed when
    // the merge begins; none when it could not be opened, and the lookups then use conn_.
    std::unique_ptr<PgConn> lookup_conn;
    bool no_lookup_conn = false;
    // The direct path (pg_direct.cc): into tables empty at Begin, set aside and held exclusively,
    // a record whose id is certainly new to the load is COPYed straight into the final tables.
    bool direct = false;
    // The final tables were truncated in the load's transaction, so their COPYs may FREEZE.
    bool freeze = false;
    std::string now;                        // the transaction's now(), as _loaded_at
    std::optional<IdFilter> seen;           // the ids of the load so far (direct path only)
    // Outside the direct path: every staged id passes this filter, and the ids it may have seen
    // before are kept, so that Dedupe looks for repeated ids among those only (none: no query).
    // Past kMaybeRepeatedMax of them (pg_dedupe.cc), no more are kept and Dedupe looks at every id.
    std::optional<IdFilter> staged_ids;
    std::vector<std::string> maybe_repeated;
    std::vector<int64_t> direct_rows;       // rows COPYed straight in, per final table (root first)
    std::vector<std::string> restore_keys;  // primary keys to add back before the merge
    std::vector<std::string> restore;       // indexes and foreign keys to add back after it
    RoundState rounds;
  };
  // The staging tables of one merge: the load's own (_mews_s*), or a round's (_mews_r*).
  struct StageSet {
    std::string prefix;   // table k (0 the root, k > 0 child k - 1) is prefix + k
    std::string written;  // the ids of root rows written, and whether inserted (_mews_w)
    std::string kids;     // in place: written parents and their numbers of child rows (_mews_k)
    const std::vector<int64_t>* staged;  // rows in each staging table
    std::string Table(size_t k) const { return prefix + std::to_string(k); }
  };
  StageSet LoadSet() const { return StageSet{"_mews_s", "_mews_w", "_mews_k", &load_->staged}; }

  PostgresSink(std::unique_ptr<PgConn> conn, std::string uri, std::string schema, std::string connection,
               SinkOptions::Rounds rounds)
      : conn_(std::move(conn)), uri_(std::move(uri)), schema_(std::move(schema)),
        connection_(std::move(connection)), round_options_(rounds) {}
  // The advisory lock key of `entity` for this sink's connection.
  std::string LockKey(const std::string& entity) const { return schema_ + "." + connection_ + "/" + entity; }
  std::string Q(const std::string& name) const { return schema_ + "." + name; }
  // The connection for state calls: the main one, or a second one while a load is open.
  Result<PgConn*> StateConn();
  Result<std::vector<std::string>> TableColumns(const std::string& table);
  // Appends the record's COPY lines to `text` (one per staging table) and counts them in `rows`;
  // returns their size in bytes.
  size_t StageRecord(const RowBatch& batch, size_t row, int64_t seq, int64_t hash,
                     const std::vector<std::vector<size_t>>& starts, std::vector<std::string>* text,
                     std::vector<int64_t>* rows);
  // The gathered COPY text is sent on conn_ by a thread of its own while the next batches are
  // gathered (pg_flush.cc). StartFlush waits for the flush before it; WaitFlush returns its
  // outcome. Every other use of conn_ during a load follows a WaitFlush.
  // A final flush (at the merge) sends every round record to the load's own staging.
  Status StartFlush(bool final = false);
  Status WaitFlush();
  Status SendChunks(bool savepoint, bool replay, const std::vector<int64_t>& round_rows);
  Status SendChunk(size_t slot, bool replay, const std::string& table, const std::vector<std::string>& columns,
                   std::string* buf, bool freeze = false);
  // Merging in rounds (pg_rounds.cc).
  void PlanRounds(double table_rows);
  // Whether a record goes to a round; notes its id when it does.
  bool TakeRound(std::string_view id, bool maybe_seen, bool changed);
  // Decides at a flush whether the round records gathered go to a round now (returns their rows
  // per table), wait for a later flush, or join the load's own staging (both: empty).
  std::vector<int64_t> PlanRoundFlush(bool final, bool* savepoint);
  Status RunRound(const std::vector<int64_t>& rows);
  Status SettleRounds();
  Status ReplayRounds();
  Status InsertReject(const Reject& reject);
  // Hash skip (pg_skip.cc): records whose stored row has the same content hash are staged as ids only.
  Result<PgConn*> LookupConn();
  Status FindUnchanged(const RowBatch& batch, const std::vector<int64_t>& hashes, std::vector<char>* unchanged);
  Status StageUnchanged(const RowBatch& batch, size_t row, int64_t seq, bool first_of_id,
                        const std::vector<std::vector<size_t>>& starts);
  Status StageSpilledRepeats();
  // COPYs the lines of `file` that `keep` accepts (every one when it is empty) into `table`.
  Status CopySpilled(SpillFile* file, const std::string& table, const std::vector<std::string>& columns,
                     const std::function<bool(std::string_view)>& keep = {});
  void CountSkipped();
  Status BackfillHashes();
  // The direct path (pg_direct.cc).
  Status BeginDirect();
  bool TakeDirect(const RowBatch& batch, size_t row);
  void WriteDirect(const RowBatch& batch, size_t row, int64_t hash, const std::vector<std::vector<size_t>>& starts);
  Status MergeDirect(LoadCounts* counts);
  // How the children of written parents are replaced (pg_children.cc).
  enum class ChildMerge {
    kInsert,   // the tables were empty: every staged child of a written parent is new
    kReplace,  // bulk: children of updated parents are deleted, staged ones inserted
    kInPlace,  // existing (parent_id, ordinal) rows updated where they differ, the rest deleted or inserted
  };
  Status Merge(LoadCounts* counts);
  Status MergeRoot(const StageSet& set, LoadCounts* counts);
  Status AnalyzeStaging(const StageSet& set);
  Status AnalyzeLoaded();
  Status Dedupe();
  bool NoteStagedId(std::string_view id);
  Result<bool> AnyRepeatedId();
  // A condition on `column` (" AND column = ANY($1)", with its parameter) true for every id that
  // may have been staged twice, "" for all of them; nullopt when no id was.
  std::optional<std::string> AmongMaybeRepeated(const std::string& column, PgParams* params) const;
  Status MergeChildren(const StageSet& set, ChildMerge mode, LoadCounts* counts);
  // What the child merges of one load share: whether any parent was inserted, and (in place) the
  // staged child rows of written parents, per child table.
  struct ChildPlan {
    bool new_parents = false;
    std::vector<int64_t> written_kids;
  };
  Status MergeChild(const StageSet& set, size_t k, ChildMerge mode, const ChildPlan& plan, TableCounts* counts);
  Status MergeChildrenInPlace(const StageSet& set, size_t k, const std::string& target, const ChildSql& sql);
  Status ExecProbing(const std::string& sql);
  // The bulk path for loads large against their tables (pg_bulk.cc).
  struct MergePlan {
    ChildMerge children;
    bool rebuild;  // secondary indexes and child keys set aside and built again after the merge
  };
  Result<MergePlan> PlanMerge();
  Result<bool> LockForBulk();
  enum class SetAsideScope {
    kForeignKeys,  // the children's foreign keys
    kIndexes,      // those, and every table's non-unique indexes
    kKeys,         // those, and the children's primary keys
  };
  Result<std::vector<std::string>> SetAsideForBulk(SetAsideScope scope);
  Status SetAside(const std::string& catalog_sql, std::vector<std::string>* restore);
  // Sets aside the constraints of the kinds `kinds` (an SQL list: ('p', 'f')) of the tables
  // `regclasses`, primary keys before foreign keys.
  Status SetAsideConstraints(const std::string& regclasses, const std::string& kinds, std::vector<std::string>* restore);
  // The loaded entity's tables, comma-separated, the root first unless `with_root` is false: as
  // qualified names or as regclass literals ('s.t'::regclass).
  std::string EntityTables(bool with_root, bool regclass) const;
  Status Restore(const std::vector<std::string>& restore);
  Status FinishSnapshot(LoadCounts* counts);
  Status UpsertWatermark(PgConn* conn, const Watermark& watermark);
  Result<std::vector<ExportRecord>> QueryExports(const std::string& entity, bool own_connection);

  std::unique_ptr<PgConn> conn_;
  std::unique_ptr<PgConn> state_conn_;
  std::thread flusher_;      // the COPY in flight, if joinable
  Status flush_status_;      // its outcome, read after the join
  std::vector<std::string> flushing_text_;  // the COPY text it sends, per copy_text slot
  std::vector<std::string> flushing_round_;  // the round records it sends and merges, per staging table
  std::string uri_;
  std::string schema_;
  std::string connection_;
  SinkOptions::Rounds round_options_;
  std::unique_ptr<LoadState> load_;
};

}  // namespace mews
