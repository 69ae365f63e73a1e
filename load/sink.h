// The load stage's interface: a Sink writes RowBatches of one EntityMapping into PostgreSQL or
// SQLite following the table contract (docs/tables.md, docs/loading.md), and keeps the run state
// (etl_runs, etl_exports, etl_watermarks, etl_rejects) in the same database.
//
// A Sink is one database session playing four roles, each an interface of its own so that the
// orchestration can depend on just the one it uses: SchemaAdmin, EntityLocks, RunStateStore (which
// is the extract stage's ExportJournal) and Loader, whose Begin returns a Load.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/export_record.h"
#include "core/result.h"
#include "schemas/row_batch.h"
#include "schemas/schema.h"

namespace mews {

struct SinkOptions {
  std::string pg_schema = "mews";  // PostgreSQL schema of every table; ignored by SQLite
  int busy_timeout_ms = 30000;     // SQLite: how long a statement waits for another writer
  // The connection (one access token: a property or a portfolio) this session keeps run state for:
  // StartRun, the exports, the watermarks, the entity locks and ClaimConnection are scoped to it.
  std::string connection = "default";
  // PostgreSQL: when a load into a populated table merges its changed records while the rest still
  // stream in ("Merging in rounds", load/README.md). Tests make rounds small and frequent.
  struct Rounds {
    int64_t first_after_bytes = int64_t{16} << 20;  // COPY text sent before the first round; < 0: never
    int64_t round_bytes = int64_t{8} << 20;         // COPY text gathered per round
    // Rounds stop once the records they merged exceed this share of the root table's rows (as
    // pg_class estimates them); beyond it the merge's bulk path is cheaper.
    double max_table_share = 0.25;
    // Rounds stop once more than this share of the load's records so far changed (a re-load of
    // most records ends on the bulk path, which rounds in place would only slow); < 0: no bound.
    double max_changed_share = 0.25;
  } pg_rounds;
};

// What one load is: which run it belongs to and where its rows came from.
struct LoadContext {
  int64_t run_id = 0;                    // etl_runs.id (rejects are stored under it)
  std::optional<std::string> export_id;  // becomes _export_id; nullopt for local files (NULL)
  bool full_snapshot = false;            // rows absent from this load get _deleted_at = now
  // Becomes _connection of every row written; a full snapshot marks deleted only rows whose
  // _connection is this one.
  std::string connection = "default";
};

// A watermark of the contract: per connection, entity type and kind ("updated_utc" or "posting").
struct Watermark {
  std::string entity;
  std::string kind;
  std::string value;       // a canonical timestamp or date
  std::string updated_at;  // when it was last set (UTC, canonical); ignored when writing
  std::string connection;  // filled when reading; writes use the sink's connection
};

struct CommitOptions {
  std::optional<Watermark> watermark;           // set in the same transaction as the rows
  std::optional<std::string> loaded_export_id;  // etl_exports row set to status "Loaded"
};

// Rows of one table after a load. Root tables: distinct ids of the load, each counted once as
// inserted, updated (written again, or un-deleted) or unchanged (same content, or older than the
// stored row). Child tables: inserted = rows written for written parents, unchanged = rows of
// parents that were not written, updated = 0. deleted = rows marked _deleted_at (full snapshots).
struct TableCounts {
  std::string table;
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t deleted = 0;
};

struct LoadCounts {
  std::vector<TableCounts> tables;  // root table first, then children in mapping order
  int64_t rejected = 0;             // AddReject calls of this load
  const TableCounts& root() const { return tables.front(); }
};

enum class RunStatus { kRunning, kSucceeded, kFailed, kInterrupted };
const char* RunStatusName(RunStatus status);  // "running", "succeeded", "failed", "interrupted"

// One row of etl_runs.
struct RunRecord {
  int64_t id = 0;
  std::string entity;
  std::string command;      // sync, load, ...
  std::string started_at;   // canonical UTC timestamps
  std::string finished_at;  // "" while running
  std::string status;       // RunStatusName
  int64_t inserted = 0, updated = 0, unchanged = 0, rejected = 0;  // root table of the load
  std::string table_counts_json;  // {"order_items":{"inserted":1,...},...} or "" when unset
  std::string export_id;          // "" when none
  std::string error;              // "" when none
  std::string connection;
};

struct RunOutcome {
  RunStatus status = RunStatus::kSucceeded;
  LoadCounts counts;        // may be empty (nothing loaded)
  std::string export_id;    // "" when none
  std::string error;        // one line, "" on success
};

enum class LockMode { kWait, kFailFast };

// One row of etl_connections: which access token a connection name was synced with.
struct ConnectionRecord {
  std::string name;
  std::string fingerprint;  // truncated SHA-256 of the client and access tokens, never a token
  std::string api_host;
  std::string first_used_at, last_used_at;  // canonical UTC timestamps
};

// What ClaimConnection found: the name was new (its fingerprint is stored now), matched the stored
// fingerprint, was rebound to the new one, or belongs to another token (nothing was changed).
enum class ClaimOutcome { kFirstUse, kMatched, kRebound, kMismatch };

// --- the roles of a sink ------------------------------------------------------------------------------
// Every call of these interfaces reports failure as a Status whose message is one line naming the
// database by its redacted URL. The state calls commit on their own, independent of an open load.

// Creates and migrates the tables.
class SchemaAdmin {
 public:
  virtual ~SchemaAdmin() = default;
  // Creates the state tables and the tables of `mappings`, or migrates them: adds missing tables,
  // columns and indexes; never drops or retypes anything. Returns the statements it ran (empty when
  // already up to date). Runs in one transaction.
  virtual Result<std::vector<std::string>> Migrate(const std::vector<const EntityMapping*>& mappings) = 0;
  // The statements Migrate(mappings) would run now, without running them (empty: up to date).
  virtual Result<std::vector<std::string>> PendingMigration(
      const std::vector<const EntityMapping*>& mappings) = 0;
  // OK when this session may create and write tables where Migrate puts them; tried in a
  // transaction that is rolled back, so nothing changes. kDatabase naming the refusal otherwise.
  virtual Status CheckWritable() = 0;
};

// Who may load an entity type.
class EntityLocks {
 public:
  virtual ~EntityLocks() = default;
  // Makes this session the only one loading `entity` for its connection into this database (and
  // PostgreSQL schema) until UnlockEntity or the session's end; works across processes and is
  // released when the process dies. kFailFast returns kUnavailable at once when another session
  // holds the lock. Two connections may hold the lock of one entity at once: PostgreSQL loads them
  // side by side; SQLite serializes the loads themselves (the second Begin waits for the first Commit).
  virtual Status LockEntity(const std::string& entity, LockMode mode) = 0;
  virtual Status UnlockEntity(const std::string& entity) = 0;
};

// The run state: runs, watermarks, exports (the ExportJournal) and connection claims. Each call
// commits at once. Runs, exports and watermarks are written and read for the session's connection
// (SinkOptions); the List* and RecentRuns calls return every connection's. A database with a single
// writer (SinkCapabilities) cannot commit these beside an open load of the same session: there they
// fail with kInternal while a load is open.
class RunStateStore : public ExportJournal {
 public:
  virtual Result<int64_t> StartRun(const std::string& entity, const std::string& command) = 0;
  virtual Status FinishRun(int64_t run_id, const RunOutcome& outcome) = 0;
  virtual Result<std::vector<RunRecord>> RecentRuns(int limit) = 0;  // newest first
  // Exports not yet Loaded, Failed or Expired, of every entity type and connection, newest first.
  virtual Result<std::vector<ExportRecord>> ListOpenExports() = 0;
  virtual Result<std::optional<Watermark>> GetWatermark(const std::string& entity,
                                                        const std::string& kind) = 0;
  // Sets a watermark outside any load (e.g. after an empty window); prefer CommitOptions.
  virtual Status SetWatermark(const Watermark& watermark) = 0;
  virtual Result<std::vector<Watermark>> ListWatermarks() = 0;  // by connection, entity, kind
  // Checks `fingerprint` against etl_connections for the session's connection, in one transaction,
  // and when `write`: stores it on first use, refreshes last use and the API host when it matches,
  // replaces it when it differs and `rebind`. A mismatch without `rebind` changes nothing.
  virtual Result<ClaimOutcome> ClaimConnection(const std::string& fingerprint, const std::string& api_host,
                                               bool rebind, bool write) = 0;
  virtual Result<std::vector<ConnectionRecord>> ListConnections() = 0;  // by name
};

// One open load: ONE transaction of one mapping (Loader::Begin). Nothing it writes is visible to
// others before Commit, and it changes nothing unless Commit succeeds: destroying it uncommitted
// rolls it back. Once it is over (committed, failed to commit, rolled back, or its session closed)
// every call but Rollback fails with kInternal.
class Load {
 public:
  virtual ~Load() = default;
  // Stages or applies the rows. Batches must be of the load's mapping. Any number of calls.
  virtual Status Write(const RowBatch& batch) = 0;
  // Stores a rejected line in etl_rejects inside the load transaction.
  virtual Status AddReject(const Reject& reject) = 0;
  // Merges everything written with the contract's rules, applies `options` and commits atomically.
  // On failure the transaction is rolled back and nothing is changed. The load is over either way.
  virtual Result<LoadCounts> Commit(const CommitOptions& options) = 0;
  // Abandons the load (a no-op once it is over).
  virtual Status Rollback() = 0;
};

// Opens loads.
class Loader {
 public:
  virtual ~Loader() = default;
  // Opens the load of `mapping`, whose tables must exist (Migrate). A session has at most one open
  // load: kInternal while another is. The Load may be used from another thread than Begin's, one
  // thread at a time.
  virtual Result<std::unique_ptr<Load>> Begin(const EntityMapping& mapping, const LoadContext& context) = 0;
};

// What the orchestration may rely on about a database, instead of guessing from its URL.
struct SinkCapabilities {
  // The database has one writer at a time across sessions (SQLite): a state write of another
  // session waits until an open load ends.
  bool single_writer = false;
};

// One database session in every role. Not thread-safe: use it from one thread at a time (it may be
// handed between threads). Passwords never appear in any message.
class Sink : public SchemaAdmin, public EntityLocks, public RunStateStore, public Loader {
 public:
  // The database URL with its password replaced by "***".
  virtual const std::string& display_url() const = 0;
  virtual SinkCapabilities capabilities() const = 0;
};

// Opens a sink for `url`: "postgresql://..." / "postgres://..." (any libpq URI) or "sqlite:PATH".
// An unknown scheme or an invalid pg_schema is kInvalidArgument; a server that does not answer (or
// is starting or shutting down) is kUnavailable; a wrong password or an unopenable file is
// kDatabase. Does not create any table. Failures of the other calls are classified the same way:
// kUnavailable (connection lost, SQLite busy past busy_timeout), kRetryable (serialization failure,
// deadlock), kInDoubt (the connection broke during COMMIT), else kDatabase (load/README.md).
Result<std::unique_ptr<Sink>> OpenSink(const std::string& url, const SinkOptions& options);

// The full DDL (state tables and the tables of `mappings`) that Migrate would run on an empty
// database of `url`'s kind, without connecting. kInvalidArgument for an unknown scheme.
Result<std::string> SchemaDdl(const std::string& url, const std::vector<const EntityMapping*>& mappings,
                              const SinkOptions& options);

// kInvalidArgument unless `name` is a connection name: [a-z0-9][a-z0-9_-]{0,62}.
Status CheckConnectionName(const std::string& name);

// `url` with the password (user:PASSWORD@ or password=...) replaced by "***".
std::string RedactDatabaseUrl(const std::string& url);

}  // namespace mews
