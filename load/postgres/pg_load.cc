// PostgresSink's load path: COPY into staging, then set-based merges at Commit.
#include <vector>

#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"
#include "load/record_hash.h"

namespace mews {

std::string StagingName(size_t k) { return "_mews_s" + std::to_string(k); }

std::string StagingSelectExpr(const Column& c, const std::string& prefix) {
  const std::string v = prefix + c.name;
  if (c.type != ColumnType::kDuration) return v;
  return "CASE WHEN " + v + " LIKE '-%' THEN -(substr(" + v + ", 2)::interval) ELSE " + v + "::interval END";
}

namespace {

// Staging keeps durations as text: PostgreSQL's interval input refuses ISO 8601's leading "-P".
const char* StagingType(const Column& c) {
  return c.type == ColumnType::kDuration ? "text" : SqlType(Dialect::kPostgres, c.type);
}

}  // namespace

// The root's staging table also holds each record's content hash and its number of rows in each
// child table (_kids), and the records skipped as unchanged (_skip: only the key, the updated value,
// _seq and _kids).
std::string StagingDdl(const Table& t, size_t k, const std::string& name) {
  std::string sql = "CREATE TEMP TABLE " + name + " (";
  for (const Column& c : t.columns) sql += c.name + " " + StagingType(c) + ", ";
  if (k == 0) sql += "_content_hash bigint, _skip boolean NOT NULL DEFAULT false, _kids bigint[], ";
  return sql + "_seq bigint NOT NULL) ON COMMIT DROP";
}

// A temp table of ids, typed like the key (uuid or text), with `more` columns after the id.
static std::string IdTableDdl(const EntityMapping& m, const std::string& name, const std::string& more) {
  return "CREATE TEMP TABLE " + name + " (id " + std::string(StagingType(m.root.columns[m.key_column])) +
         " NOT NULL" + more + ") ON COMMIT DROP";
}

std::string WrittenDdl(const EntityMapping& m, const std::string& name) {
  return IdTableDdl(m, name, ", ins boolean NOT NULL");
}

std::string IdsDdl(const EntityMapping& m, const std::string& name) { return IdTableDdl(m, name, ""); }

// Staging table k's COPY columns: the table's, _seq and, for the root, the content hash and, when
// the entity has child tables, the record's number of rows in each (_kids).
std::vector<std::string> CopyColumns(const EntityMapping& m, size_t k) {
  std::vector<std::string> out;
  for (const Column& c : (k == 0 ? m.root : m.children[k - 1]).columns) out.push_back(c.name);
  out.push_back("_seq");
  if (k == 0) out.push_back("_content_hash");
  if (k == 0 && !m.children.empty()) out.push_back("_kids");
  return out;
}

Status PostgresSink::OpenLoad(const EntityMapping& mapping, const LoadContext& context) {
  std::string sql = "SET LOCAL work_mem = '256MB'; " + StagingDdl(mapping.root, 0, StagingName(0)) + "; ";
  for (size_t k = 0; k < mapping.children.size(); ++k) {
    sql += StagingDdl(mapping.children[k], k + 1, StagingName(k + 1)) + "; ";
  }
  sql += WrittenDdl(mapping, "_mews_w");
  // Asked before the transaction, so that the load holds no lock on the table while rows stream in
  // (another connection's load of an empty table drops its indexes); only hints, for the hash skip
  // and for merging in rounds (the table's estimated rows).
  Result<PgResult> empty = conn_->Query("SELECT NOT EXISTS (SELECT 1 FROM " + Q(mapping.root.name) +
                                        "), (SELECT reltuples FROM pg_class WHERE oid = $1::regclass)",
                                        {Q(mapping.root.name)});
  if (!empty.ok()) return empty.status();
  MEWS_RETURN_IF_ERROR(conn_->Begin());
  Status s = conn_->Exec(sql);
  if (!s.ok()) {
    conn_->Rollback();
    return s;
  }
  load_ = std::make_unique<LoadState>();
  load_->mapping = &mapping;
  load_->staged.assign(mapping.children.size() + 1, 0);
  load_->skipped_kids.assign(mapping.children.size(), 0);
  load_->copy_text.resize(mapping.children.size() + 2);  // the last: records skipped as unchanged
  load_->context = context;
  load_->empty_at_begin = empty->text(0, 0) == "t";
  if (load_->empty_at_begin) s = BeginDirect();
  if (!s.ok()) {
    load_.reset();
    conn_->Rollback();
    return s;
  }
  if (!load_->direct) load_->staged_ids.emplace();
  PlanRounds(empty->null(0, 1) ? -1 : std::stod(empty->text(0, 1)));
  return s;
}

// Stages root row `row` with its hash and its child rows, all under `seq`.
size_t PostgresSink::StageRecord(const RowBatch& batch, size_t row, int64_t seq, int64_t hash,
                                 const std::vector<std::vector<size_t>>& starts, std::vector<std::string>* text,
                                 std::vector<int64_t>* rows) {
  std::string& root = (*text)[0];
  size_t bytes = root.size();
  AppendCopyCells(batch.root(), row, &root);
  AppendInt(seq, &root);
  root.push_back('\t');
  AppendInt(hash, &root);
  AppendCopyKids(starts, row, &root);
  root.push_back('\n');
  bytes = root.size() - bytes;
  ++(*rows)[0];
  for (size_t k = 0; k < batch.children().size(); ++k) {
    std::string& buf = (*text)[k + 1];
    const size_t start = buf.size();
    for (size_t i = starts[k][row]; i < starts[k][row + 1]; ++i) AppendCopyRow(batch.children()[k], i, seq, &buf);
    bytes += buf.size() - start;
    (*rows)[k + 1] += static_cast<int64_t>(starts[k][row + 1] - starts[k][row]);
  }
  return bytes;
}

// Every record gets the next _seq (the order of the load). A record whose stored row has the same
// content hash is skipped as unchanged (pg_skip.cc): at most its key is staged, without its columns
// or child rows.
Status PostgresSink::StageBatch(const RowBatch& batch) {
  std::vector<std::vector<size_t>> starts;
  MEWS_RETURN_IF_ERROR(ChildRowStarts(batch, &starts));
  std::vector<int64_t> computed;
  const std::vector<int64_t>& hashes = BatchHashes(batch, starts, &computed);
  std::vector<char> unchanged(batch.rows(), 0);
  if (!load_->empty_at_begin) MEWS_RETURN_IF_ERROR(FindUnchanged(batch, hashes, &unchanged));
  LoadState& l = *load_;
  RoundState& round = l.rounds;
  const int64_t base = l.next_seq;
  for (size_t r = 0; r < batch.rows(); ++r) {
    const int64_t seq = base + static_cast<int64_t>(r);
    const std::string_view id = batch.root().text(r, l.mapping->key_column);
    const bool maybe_seen = l.staged_ids && NoteStagedId(id);
    const bool to_round = round.on && TakeRound(id, maybe_seen, !unchanged[r]);
    if (unchanged[r]) {
      MEWS_RETURN_IF_ERROR(StageUnchanged(batch, r, seq, !maybe_seen, starts));
    } else if (l.direct && TakeDirect(batch, r)) {
      WriteDirect(batch, r, hashes[r], starts);
    } else if (to_round) {
      round.bytes += StageRecord(batch, r, seq, hashes[r], starts, &round.text, &round.pending);
    } else {
      l.copy_bytes += StageRecord(batch, r, seq, hashes[r], starts, &l.copy_text, &l.staged);
    }
  }
  l.next_seq += static_cast<int64_t>(batch.rows());
  const bool round_due =
      round.on && round.bytes > 0 && round.bytes >= static_cast<size_t>(round_options_.round_bytes);
  return l.copy_bytes >= kCopyFlushBytes || round_due ? StartFlush() : Status::Ok();
}

Status PostgresSink::StageReject(const Reject& reject) {
  MEWS_RETURN_IF_ERROR(WaitFlush());
  RoundState& round = load_->rounds;
  if (round.begun) {  // stored again if the rounds are undone
    std::string line;
    AppendRejectLine(load_->context.run_id, load_->mapping->entity, reject, &line);
    MEWS_RETURN_IF_ERROR(round.rejects->Append(line));
  }
  return InsertReject(reject);
}

Status PostgresSink::InsertReject(const Reject& reject) {
  Result<PgResult> r = conn_->Prepared("add_reject", "INSERT INTO " + Q("etl_rejects") +
                                        " (run_id, entity, file, line, reason, raw) VALUES ($1, $2, $3, $4, $5, $6)",
                                    {std::to_string(load_->context.run_id), load_->mapping->entity, reject.file,
                                     std::to_string(reject.line), reject.reason, reject.raw});
  return r.ok() ? Status::Ok() : r.status();
}

Status PostgresSink::Merge(LoadCounts* counts) {
  MEWS_RETURN_IF_ERROR(Dedupe());
  CountSkipped();
  Result<MergePlan> plan = PlanMerge();
  if (!plan.ok()) return plan.status();
  // Setting aside an index or a foreign key (which locks the root table too) needs the tables.
  if (plan->rebuild || (plan->children != ChildMerge::kInPlace && !load_->mapping->children.empty())) {
    Result<bool> locked = LockForBulk();
    if (!locked.ok()) return locked.status();
    // Without its tables to itself the load merges row by row, as one small against them does.
    if (!*locked) *plan = MergePlan{ChildMerge::kInPlace, false};
  }
  const ChildMerge mode = plan->children;
  std::vector<std::string> restore;
  if (mode != ChildMerge::kInPlace) {
    Result<std::vector<std::string>> r =
        SetAsideForBulk(plan->rebuild ? SetAsideScope::kKeys : SetAsideScope::kForeignKeys);
    if (!r.ok()) return r.status();
    restore = std::move(r.value());
  }
  MEWS_RETURN_IF_ERROR(MergeRoot(LoadSet(), counts));
  if (!load_->empty_at_begin) MEWS_RETURN_IF_ERROR(BackfillHashes());
  if (mode == ChildMerge::kInPlace) MEWS_RETURN_IF_ERROR(AnalyzeStaging(LoadSet()));
  MEWS_RETURN_IF_ERROR(MergeChildren(LoadSet(), mode, counts));
  MEWS_RETURN_IF_ERROR(Restore(restore));
  return mode == ChildMerge::kInPlace ? Status::Ok() : AnalyzeLoaded();
}

// After a bulk merge (a quarter of the table or more written) the tables' statistics are stale or,
// for tables filled from empty, missing until autovacuum gets to them: the next incremental load
// would plan its joins blind. ANALYZE in the load's transaction (it sees the load's rows) samples a
// bounded number of rows whatever the table's size, and its statistics commit with the rows.
Status PostgresSink::AnalyzeLoaded() {
  std::string tables = Q(load_->mapping->root.name);
  for (const Table& c : load_->mapping->children) tables += ", " + Q(c.name);
  return conn_->Exec("ANALYZE " + tables);
}

// Temporary tables are never analyzed by autovacuum: without statistics the planner guesses their
// size and how they join (an id of _mews_s0 matching a hundred rows of _mews_w, say), and the joins
// of the in-place child merge go wrong. Their sizes and the columns the merge joins and filters on
// are what it needs: statistics of the other columns (fifty in _mews_s0 for an OrderItem) took most
// of the ANALYZE's time (0.35 s of a 10,000-record load's 2.9 s of statements).
Status PostgresSink::AnalyzeStaging(const StageSet& set) {
  std::string tables = set.Table(0) + " (id, _skip), " + set.written + " (id, ins)";
  for (size_t k = 1; k <= load_->mapping->children.size(); ++k) tables += ", " + set.Table(k) + " (parent_id)";
  return conn_->Exec("ANALYZE " + tables);
}

Status PostgresSink::MergeRoot(const StageSet& staging, LoadCounts* counts) {
  const EntityMapping& m = *load_->mapping;
  const Table& t = m.root;
  std::string cols, exprs, set, old_row, new_row;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    cols += c.name + ", ";
    exprs += StagingSelectExpr(c, "") + ", ";
    if (static_cast<int>(i) == m.key_column) continue;
    set += c.name + " = EXCLUDED." + c.name + ", ";
    old_row += std::string(old_row.empty() ? "" : ", ") + "t." + c.name;
    new_row += std::string(new_row.empty() ? "" : ", ") + "EXCLUDED." + c.name;
  }
  // A stored hash that differs means a changed record even when only its child rows changed; rows
  // written before hashes existed (NULL) are compared by their columns alone, as they always were.
  // The hash is tested first: it decides most changed rows without comparing every column.
  const std::string hash_differs = "(t._content_hash IS NOT NULL AND t._content_hash <> EXCLUDED._content_hash)";
  std::string newer = "TRUE";
  if (m.has_updated()) {
    const std::string u = t.columns[m.updated_column].name;
    newer = "(EXCLUDED." + u + " >= t." + u + " OR t." + u + " IS NULL)";
  }
  const std::string sql =
      "WITH w AS (INSERT INTO " + Q(t.name) + " AS t (" + cols +
      "_export_id, _loaded_at, _connection, _deleted_at, _content_hash) SELECT " + exprs +
      "$1::uuid, now(), $2, NULL, _content_hash FROM " + staging.Table(0) + " WHERE NOT _skip ON CONFLICT (id) DO UPDATE SET " + set +
      "_export_id = EXCLUDED._export_id, _loaded_at = EXCLUDED._loaded_at, _connection = EXCLUDED._connection, "
      "_deleted_at = NULL, _content_hash = EXCLUDED._content_hash WHERE (" + hash_differs +
      " OR t._deleted_at IS NOT NULL OR ROW(" + old_row + ") IS DISTINCT FROM ROW(" + new_row + ")) AND " + newer +
      " RETURNING t.id, (t.xmax::text = '0') AS ins), x AS (INSERT INTO " + staging.written + " SELECT id, ins FROM w) "
      "SELECT count(*) FILTER (WHERE ins), count(*) FILTER (WHERE NOT ins) FROM w";
  Result<PgResult> n = conn_->Query(sql, {load_->context.export_id, load_->context.connection});
  if (!n.ok()) return n.status();
  TableCounts& root = counts->tables[0];
  root.inserted = n->integer(0, 0);
  root.updated = n->integer(0, 1);
  root.unchanged = (*staging.staged)[0] - root.inserted - root.updated;
  return Status::Ok();
}

// Full snapshot: present rows marked deleted come back (updated); absent rows are marked.
Status PostgresSink::FinishSnapshot(LoadCounts* counts) {
  const std::string t = Q(load_->mapping->root.name);
  Result<PgResult> back = conn_->Query("UPDATE " + t + " SET _deleted_at = NULL WHERE _deleted_at IS NOT NULL AND "
                                       "id IN (SELECT id FROM _mews_s0)");
  if (!back.ok()) return back.status();
  Result<PgResult> gone = conn_->Query("UPDATE " + t + " AS t SET _deleted_at = now() WHERE _deleted_at IS NULL AND "
                                       "_connection = $1 AND NOT EXISTS (SELECT 1 FROM _mews_s0 s WHERE s.id = t.id)",
                                       {load_->context.connection});
  if (!gone.ok()) return gone.status();
  TableCounts& root = counts->tables[0];
  root.updated += back->affected();
  root.unchanged -= back->affected();
  root.deleted = gone->affected();
  return Status::Ok();
}

Result<LoadCounts> PostgresSink::MergeLoad() {
  LoadCounts counts;
  counts.tables.push_back(TableCounts{load_->mapping->root.name});
  for (const Table& c : load_->mapping->children) counts.tables.push_back(TableCounts{c.name});
  load_->lookup_conn.reset();  // every batch is in: no more lookups
  MEWS_RETURN_IF_ERROR(StartFlush(true));
  MEWS_RETURN_IF_ERROR(WaitFlush());
  if (load_->direct) {
    // Into tables empty at Begin: no stored row can be absent from a full snapshot or marked deleted.
    MEWS_RETURN_IF_ERROR(MergeDirect(&counts));
    return counts;
  }
  MEWS_RETURN_IF_ERROR(SettleRounds());
  MEWS_RETURN_IF_ERROR(Merge(&counts));
  AddCounts(load_->rounds.counts, &counts.tables);
  if (load_->context.full_snapshot) MEWS_RETURN_IF_ERROR(FinishSnapshot(&counts));
  return counts;
}

Status PostgresSink::MarkExportLoaded(const std::string& export_id) {
  Result<PgResult> r = conn_->Query("UPDATE " + Q("etl_exports") + " SET status = 'Loaded', updated_at = now() "
                                    "WHERE id = $1::uuid", {export_id});
  return r.ok() ? Status::Ok() : r.status();
}

Status PostgresSink::CommitLoad() {
  MEWS_RETURN_IF_ERROR(conn_->Commit());
  load_.reset();
  return Status::Ok();
}

Status PostgresSink::RollbackLoad() {
  (void)WaitFlush();  // its failure changes nothing: the transaction is abandoned
  load_.reset();
  conn_->Rollback();
  return Status::Ok();
}

}  // namespace mews
