// SqliteSink's load path. Each root row is applied at once with the contract's rules (insert when
// new; skip when older than the stored row; update only when a data column differs or the row was
// marked deleted), and its fate is recorded in the temp table _mews_seen, so duplicates of an id are
// counted once and full snapshots know which ids were present. Counts match the PostgreSQL sink.
// Into empty tables, WriteRowEmpty and MergeEmptyLoad (sqlite_bulk_insert.cc) take over.
#include <algorithm>
#include <string>

#include "load/common.h"
#include "load/ddl.h"
#include "load/record_hash.h"
#include "load/sqlite/sqlite_load.h"

namespace mews {

namespace {

constexpr int kNew = kApplyNew, kUpdated = kApplyUpdated;  // _mews_seen.state; 0 = unchanged

std::string ColumnList(const Table& t) {
  std::string out;
  for (const Column& c : t.columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

std::string Params(size_t from, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += (i ? ", ?" : "?") + std::to_string(from + i);
  return out;
}

// Updates the row when it differs from the bound record (a column, or a stored content hash ?n+5
// that differs: then a child row changed), or was marked deleted, or ?n+3 forces it: the row was
// already written by this load and this record supersedes it. Indexed reference columns are left to
// RefsUpdateSql, so their indexes are only touched when a reference changed.
std::string UpdateSql(const EntityMapping& m) {
  const Table& t = m.root;
  const size_t n = t.columns.size();
  std::string set, changed;
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int>(i) == m.key_column) continue;
    const std::string p = "?" + std::to_string(i + 1);
    if (!IsReference(t.columns[i])) set += t.columns[i].name + " = " + p + ", ";
    changed += t.columns[i].name + " IS NOT " + p + " OR ";
  }
  const std::string hash = "?" + std::to_string(n + 5);
  return "UPDATE " + t.name + " SET " + set + "_export_id = ?" + std::to_string(n + 1) +
         ", _loaded_at = ?" + std::to_string(n + 2) + ", _connection = ?" + std::to_string(n + 4) +
         ", _deleted_at = NULL, _content_hash = " + hash + " WHERE id = ?" + std::to_string(m.key_column + 1) +
         " AND (?" + std::to_string(n + 3) + " OR " + changed + "(_content_hash IS NOT NULL AND _content_hash <> " +
         hash + ") OR _deleted_at IS NOT NULL)";
}

// Sets the reference columns of a written row where one of them changed; "" when there are none.
std::string RefsUpdateSql(const EntityMapping& m) {
  std::string set, changed;
  for (size_t i = 0; i < m.root.columns.size(); ++i) {
    if (!IsReference(m.root.columns[i])) continue;
    const std::string c = m.root.columns[i].name, p = "?" + std::to_string(i + 1);
    set += std::string(set.empty() ? "" : ", ") + c + " = " + p;
    changed += std::string(changed.empty() ? "" : " OR ") + c + " IS NOT " + p;
  }
  if (set.empty()) return "";
  return "UPDATE " + m.root.name + " SET " + set + " WHERE id = ?" + std::to_string(m.key_column + 1) + " AND (" +
         changed + ")";
}

std::string SeenSql(size_t children) {
  std::string cols = "id TEXT PRIMARY KEY, state INTEGER NOT NULL, cw INTEGER NOT NULL";
  for (size_t k = 0; k < children; ++k) cols += ", n" + std::to_string(k) + " INTEGER NOT NULL";
  return "CREATE TEMP TABLE _mews_seen (" + cols + ") WITHOUT ROWID";
}

}  // namespace

Status SqliteSink::OpenLoad(const EntityMapping& mapping, const LoadContext& context) {
  auto load = std::make_unique<LoadState>();
  load->mapping = &mapping;
  load->context = context;
  MEWS_RETURN_IF_ERROR(locks_.Lock(kLoadLock, LockMode::kWait).WithContext(db_.display()));
  load->loaded_at = Clock::System()->NowTimestamp();
  Status begun = db_.Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    (void)locks_.Unlock(kLoadLock);
    return begun;
  }
  load_ = std::move(load);
  Status s = [&]() -> Status {
    LoadState& l = *load_;
    const Table& t = mapping.root;
    const size_t n = t.columns.size();
    const size_t kids = mapping.children.size();
    MEWS_RETURN_IF_ERROR(db_.Exec("DROP TABLE IF EXISTS temp._mews_seen"));
    MEWS_RETURN_IF_ERROR(PrepareBulk());
    if (l.empty_target) l.empty = std::make_unique<EmptyTargetLoad>(kids);
    else {
      MEWS_RETURN_IF_ERROR(db_.Exec(SeenSql(kids)));
      l.ids.emplace();
    }
    MEWS_RETURN_IF_ERROR(db_.Exec("PRAGMA temp.cache_size = " +
                                  std::to_string(l.empty_target ? kStagingCacheKib : kSeenCacheKib)));
    std::string upd = mapping.has_updated() ? t.columns[mapping.updated_column].name : "NULL";
    auto prep = [&](SqliteStmt* stmt, const std::string& sql) -> Status {
      Result<SqliteStmt> r = db_.Prepare(sql);
      if (!r.ok()) return r.status();
      *stmt = std::move(r.value());
      return Status::Ok();
    };
    MEWS_RETURN_IF_ERROR(prep(&l.lookup, "SELECT " + upd + ", _deleted_at IS NOT NULL, _content_hash FROM " + t.name +
                                             " WHERE id = ?1"));
    MEWS_RETURN_IF_ERROR(prep(&l.insert, "INSERT INTO " + t.name + " (" + ColumnList(t) +
                                             ", _export_id, _loaded_at, _connection, _content_hash) VALUES (" +
                                             Params(1, n + 4) + ")"));
    MEWS_RETURN_IF_ERROR(prep(&l.update, UpdateSql(mapping)));
    MEWS_RETURN_IF_ERROR(prep(&l.set_hash, "UPDATE " + t.name + " SET _content_hash = ?1 WHERE id = ?2"));
    const std::string refs = RefsUpdateSql(mapping);
    if (!refs.empty()) MEWS_RETURN_IF_ERROR(prep(&l.update_refs, refs));
    std::string ns;
    for (size_t k = 0; k < kids; ++k) ns += ", n" + std::to_string(k);
    if (!l.empty_target) {
      MEWS_RETURN_IF_ERROR(prep(&l.seen_get, "SELECT state, cw" + ns + " FROM temp._mews_seen WHERE id = ?1"));
      MEWS_RETURN_IF_ERROR(prep(&l.seen_put, "INSERT OR REPLACE INTO temp._mews_seen (id, state, cw" + ns +
                                                 ") VALUES (" + Params(1, kids + 3) + ")"));
    }
    MEWS_RETURN_IF_ERROR(prep(&l.reject, "INSERT INTO etl_rejects (run_id, entity, file, line, reason, raw) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    l.child_delete.resize(kids);
    l.child_insert.resize(kids);
    for (size_t k = 0; k < kids; ++k) {
      const Table& c = mapping.children[k];
      MEWS_RETURN_IF_ERROR(prep(&l.child_delete[k], "DELETE FROM " + c.name + " WHERE parent_id = ?1"));
      MEWS_RETURN_IF_ERROR(prep(&l.child_insert[k], "INSERT INTO " + c.name + " (" + ColumnList(c) +
                                                        ") VALUES (" + Params(1, c.columns.size()) + ")"));
    }
    return Status::Ok();
  }();
  if (!s.ok()) (void)RollbackLoad();
  return s;
}

Status SqliteSink::StageBatch(const RowBatch& batch) {
  std::vector<std::vector<size_t>> starts;
  MEWS_RETURN_IF_ERROR(ChildRowStarts(batch, &starts));
  // Records are applied in id order (duplicates keep their order), so that consecutive writes land
  // on neighbouring pages of the id-keyed B-trees.
  const size_t key = static_cast<size_t>(load_->mapping->key_column);
  std::vector<int64_t> computed;
  const std::vector<int64_t>& hashes = BatchHashes(batch, starts, &computed);
  std::vector<size_t> order(batch.rows());
  for (size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return batch.root().text(a, key) < batch.root().text(b, key); });
  for (size_t r : order) MEWS_RETURN_IF_ERROR(WriteRow(batch, r, hashes[r], starts));
  return Status::Ok();
}

// Replaces the children of a written root row; `replace` is false when it can have none yet.
Status SqliteSink::WriteChildren(const RowBatch& batch, size_t row,
                                 const std::vector<std::vector<size_t>>& starts, bool replace) {
  LoadState& l = *load_;
  std::string_view id = batch.root().text(row, l.mapping->key_column);
  for (size_t k = 0; k < batch.children().size(); ++k) {
    if (replace) {
      l.child_delete[k].BindTextStatic(1, id);
      MEWS_RETURN_IF_ERROR(l.child_delete[k].Run());
    }
    const TableRows& rows = batch.children()[k];
    for (size_t i = starts[k][row]; i < starts[k][row + 1]; ++i) {
      for (size_t c = 0; c < rows.width(); ++c) l.child_insert[k].BindCell(static_cast<int>(c + 1), rows, i, c);
      MEWS_RETURN_IF_ERROR(l.child_insert[k].Run());
    }
  }
  return Status::Ok();
}

// Inserts, updates or skips root row `row` by the contract's rules; `prior` is what this load already
// did with its id (-1 nothing, else its _mews_seen.state). Returns 0 (not written), kNew or kUpdated.
// A stored row (not marked deleted) whose content hash is `hash` is unchanged without a comparison.
Result<int> SqliteSink::ApplyRoot(const RowBatch& batch, size_t row, int64_t hash, int prior) {
  LoadState& l = *load_;
  const EntityMapping& m = *l.mapping;
  const TableRows& root = batch.root();
  Result<bool> exists = false;
  if (!l.empty_target || prior >= 0) {
    l.lookup.BindTextStatic(1, root.text(row, m.key_column));
    exists = l.lookup.Step();
    if (!exists.ok()) return exists.status();
  }
  const bool unhashed = *exists && l.lookup.ColumnNull(2);
  if (*exists && prior < 0 && !unhashed && l.lookup.ColumnInt(1) == 0 && l.lookup.ColumnInt(2) == hash) {
    l.lookup.Reset();
    return 0;
  }
  bool older = false;
  if (*exists && m.has_updated()) {
    bool in_null = root.is_null(row, m.updated_column), st_null = l.lookup.ColumnNull(0);
    older = in_null ? !st_null
                    : (!st_null && CompareTimestamps(root.text(row, m.updated_column), l.lookup.ColumnView(0)) < 0);
  }
  l.lookup.Reset();
  if (older) return 0;
  SqliteStmt& stmt = *exists ? l.update : l.insert;
  const int width = static_cast<int>(root.width());
  for (int c = 0; c < width; ++c) stmt.BindCell(c + 1, root, row, static_cast<size_t>(c));
  if (l.context.export_id) stmt.BindTextStatic(width + 1, *l.context.export_id);
  else stmt.BindNull(width + 1);
  stmt.BindTextStatic(width + 2, l.loaded_at);
  if (*exists) stmt.BindInt(width + 3, prior > 0 ? 1 : 0);
  stmt.BindTextStatic(*exists ? width + 4 : width + 3, l.context.connection);
  stmt.BindInt(*exists ? width + 5 : width + 4, hash);
  MEWS_RETURN_IF_ERROR(stmt.Run());
  if (!*exists) return kNew;
  if (db_.Changes() == 0) return unhashed ? BackfillHash(batch, row, hash) : 0;
  if (l.update_refs.valid()) {
    for (int c = 0; c < width; ++c) l.update_refs.BindCell(c + 1, root, row, static_cast<size_t>(c));
    MEWS_RETURN_IF_ERROR(l.update_refs.Run());
  }
  return kUpdated;
}

// A stored row written before content hashes existed, equal to this record: it gets the record's
// hash, without being written (its _loaded_at and the counts stay), so the next load can skip it.
Result<int> SqliteSink::BackfillHash(const RowBatch& batch, size_t row, int64_t hash) {
  LoadState& l = *load_;
  l.set_hash.BindInt(1, hash);
  l.set_hash.BindTextStatic(2, batch.root().text(row, l.mapping->key_column));
  MEWS_RETURN_IF_ERROR(l.set_hash.Run());
  return 0;
}

Status SqliteSink::WriteRow(const RowBatch& batch, size_t row, int64_t hash,
                            const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  if (l.empty_target) return WriteRowEmpty(batch, row, hash, starts);
  const size_t kids = l.mapping->children.size();
  std::string_view id = batch.root().text(row, l.mapping->key_column);
  int prior = -1, prior_cw = 0;
  std::vector<int64_t> n(kids);
  Result<bool> got = false;
  const bool maybe_seen = l.ids->TestAndAdd(id);
  if (maybe_seen) {
    l.seen_get.BindTextStatic(1, id);
    got = l.seen_get.Step();
    if (!got.ok()) return got.status();
  }
  if (*got) {
    prior = static_cast<int>(l.seen_get.ColumnInt(0));
    prior_cw = static_cast<int>(l.seen_get.ColumnInt(1));
    for (size_t k = 0; k < kids; ++k) n[k] = l.seen_get.ColumnInt(static_cast<int>(k + 2));
  }
  l.seen_get.Reset();
  Result<int> kind = ApplyRoot(batch, row, hash, prior);
  if (!kind.ok()) return kind.status();
  if (*kind != 0) MEWS_RETURN_IF_ERROR(WriteChildren(batch, row, starts, !l.empty_target || prior >= 0));
  if (*kind == 0 && !maybe_seen) {
    Result<bool> unrecorded = SkipUnrecorded(id, row, starts);
    if (!unrecorded.ok()) return unrecorded.status();
    if (*unrecorded) return Status::Ok();
  }
  if (maybe_seen) NoteRecordedRepeat(id);
  const bool take = *kind != 0 || prior_cw == 0;  // this record's children are the ones counted
  l.seen_put.BindTextStatic(1, id);
  l.seen_put.BindInt(2, prior <= 0 ? *kind : prior);
  l.seen_put.BindInt(3, (*kind != 0 || prior_cw) ? 1 : 0);
  for (size_t k = 0; k < kids; ++k) {
    l.seen_put.BindInt(static_cast<int>(k + 4), take ? static_cast<int64_t>(starts[k][row + 1] - starts[k][row]) : n[k]);
  }
  return l.seen_put.Run();
}

Status SqliteSink::StageReject(const Reject& reject) {
  LoadState& l = *load_;
  l.reject.BindInt(1, l.context.run_id);
  l.reject.BindText(2, l.mapping->entity);
  l.reject.BindText(3, reject.file);
  l.reject.BindInt(4, static_cast<int64_t>(reject.line));
  l.reject.BindText(5, reject.reason);
  l.reject.BindText(6, reject.raw);
  return l.reject.Run();
}

// Full snapshot: present rows that were marked deleted come back (counted as updated); rows absent
// from the load are marked.
Status SqliteSink::FinishSnapshot(LoadCounts* counts) {
  LoadState& l = *load_;
  const std::string t = l.mapping->root.name;
  MEWS_RETURN_IF_ERROR(db_.Exec("UPDATE temp._mews_seen SET state = 2 WHERE state = 0 AND id IN (SELECT id FROM " +
                                t + " WHERE _deleted_at IS NOT NULL)"));
  MEWS_RETURN_IF_ERROR(db_.Exec("UPDATE " + t + " SET _deleted_at = NULL WHERE _deleted_at IS NOT NULL AND id IN "
                                "(SELECT id FROM temp._mews_seen)"));
  Result<SqliteStmt> mark = db_.Prepare("UPDATE " + t + " SET _deleted_at = ?1 WHERE _deleted_at IS NULL AND "
                                        "_connection = ?2 AND id NOT IN (SELECT id FROM temp._mews_seen)");
  if (!mark.ok()) return mark.status();
  mark->BindText(1, l.loaded_at);
  mark->BindText(2, l.context.connection);
  MEWS_RETURN_IF_ERROR(mark->Run());
  counts->tables.front().deleted = db_.Changes();
  return Status::Ok();
}

Result<LoadCounts> SqliteSink::CountLoad() {
  const EntityMapping& m = *load_->mapping;
  LoadCounts counts;
  counts.tables.push_back(TableCounts{m.root.name});
  for (const Table& c : m.children) counts.tables.push_back(TableCounts{c.name});
  std::string sql = "SELECT coalesce(sum(state = 1), 0), coalesce(sum(state = 2), 0), coalesce(sum(state = 0), 0)";
  for (size_t k = 0; k < m.children.size(); ++k) {
    const std::string n = "n" + std::to_string(k);
    sql += ", coalesce(sum(CASE WHEN cw = 1 THEN " + n + " END), 0), coalesce(sum(CASE WHEN cw = 0 THEN " + n + " END), 0)";
  }
  Result<SqliteStmt> q = db_.Prepare(sql + " FROM temp._mews_seen");
  if (!q.ok()) return q.status();
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  counts.tables[0].inserted = q->ColumnInt(0);
  counts.tables[0].updated = q->ColumnInt(1);
  counts.tables[0].unchanged = q->ColumnInt(2);
  for (size_t k = 0; k < m.children.size(); ++k) {
    counts.tables[k + 1].inserted = q->ColumnInt(static_cast<int>(3 + 2 * k));
    counts.tables[k + 1].unchanged = q->ColumnInt(static_cast<int>(4 + 2 * k));
  }
  return counts;
}

Result<LoadCounts> SqliteSink::MergeLoad() {
  if (load_->empty_target) return MergeEmptyLoad();
  LoadCounts snapshot_counts;
  snapshot_counts.tables.emplace_back();
  if (load_->context.full_snapshot) MEWS_RETURN_IF_ERROR(FinishSnapshot(&snapshot_counts));
  MEWS_RETURN_IF_ERROR(RestoreIndexes());
  Result<LoadCounts> c = CountLoad();
  if (!c.ok()) return c.status();
  MEWS_RETURN_IF_ERROR(CountUnrecorded(&c.value()));
  c->tables[0].deleted = snapshot_counts.tables[0].deleted;
  return c;
}

Status SqliteSink::MarkExportLoaded(const std::string& export_id) {
  Result<SqliteStmt> q = db_.Prepare("UPDATE etl_exports SET status = 'Loaded', updated_at = ?1 WHERE id = ?2");
  if (!q.ok()) return q.status();
  q->BindText(1, Clock::System()->NowTimestamp());
  q->BindText(2, export_id);
  return q->Run();
}

Status SqliteSink::CommitLoad() {
  MEWS_RETURN_IF_ERROR(db_.Exec("DROP TABLE IF EXISTS temp._mews_seen"));
  MEWS_RETURN_IF_ERROR(DropStaging());
  MEWS_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  load_.reset();
  (void)locks_.Unlock(kLoadLock);
  return Status::Ok();
}

Status SqliteSink::RollbackLoad() {
  load_.reset();
  Status s = db_.InTransaction() ? db_.Exec("ROLLBACK") : Status::Ok();
  (void)locks_.Unlock(kLoadLock);
  return s;
}

}  // namespace mews
