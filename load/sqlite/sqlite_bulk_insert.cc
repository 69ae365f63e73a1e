// SqliteSink's rows into empty tables. Nothing is stored yet, so what the load did with each id needs
// no temp table: every id written counts once as inserted (counters in memory), and an id that may
// have been written already (IdFilter says maybe, or it is not above the greatest id so far) is
// looked up in the root table itself, the contract's rules deciding whether the later record wins.
// Child rows of an id above every id so far are appended to the child tables; the others (records
// arriving out of id order) go to unindexed temp staging tables and are inserted once, sorted by
// (parent_id, ordinal), before COMMIT, so the child B-trees grow by appends either way.
#include "load/sqlite/sqlite_load.h"

namespace mews {

namespace {

std::string StageName(size_t k) { return "temp._mews_stage_" + std::to_string(k); }

}  // namespace

// Creates the staging tables (one per child table: the version of the record that wrote the row, then
// the child's columns, no index) and temp._mews_replaced (id -> the version whose staged rows win).
Status SqliteSink::OpenStaging() {
  EmptyTargetLoad& e = *load_->empty;
  const EntityMapping& m = *load_->mapping;
  for (size_t k = 0; k < m.children.size(); ++k) {
    const Table& c = m.children[k];
    std::string cols = "_v", params = "?1";
    for (size_t i = 0; i < c.columns.size(); ++i) {
      cols += ", " + c.columns[i].name;
      params += ", ?" + std::to_string(i + 2);
    }
    MEWS_RETURN_IF_ERROR(db_.Exec("DROP TABLE IF EXISTS " + StageName(k)));
    MEWS_RETURN_IF_ERROR(db_.Exec("CREATE TABLE " + StageName(k) + " (" + cols + ")"));
    Result<SqliteStmt> ins = db_.Prepare("INSERT INTO " + StageName(k) + " VALUES (" + params + ")");
    if (!ins.ok()) return ins.status();
    e.stage_insert[k] = std::move(ins.value());
  }
  MEWS_RETURN_IF_ERROR(db_.Exec("DROP TABLE IF EXISTS temp._mews_replaced"));
  MEWS_RETURN_IF_ERROR(db_.Exec("CREATE TEMP TABLE _mews_replaced (id TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID"));
  Result<SqliteStmt> put = db_.Prepare("INSERT OR REPLACE INTO temp._mews_replaced (id, v) VALUES (?1, ?2)");
  if (!put.ok()) return put.status();
  e.replaced_put = std::move(put.value());
  e.staging = true;
  return Status::Ok();
}

Status SqliteSink::StageChildren(const RowBatch& batch, size_t row, const std::vector<std::vector<size_t>>& starts) {
  EmptyTargetLoad& e = *load_->empty;
  if (!e.staging) MEWS_RETURN_IF_ERROR(OpenStaging());
  for (size_t k = 0; k < batch.children().size(); ++k) {
    const TableRows& rows = batch.children()[k];
    SqliteStmt& ins = e.stage_insert[k];
    for (size_t i = starts[k][row]; i < starts[k][row + 1]; ++i) {
      ins.BindInt(1, e.version);
      for (size_t c = 0; c < rows.width(); ++c) ins.BindCell(static_cast<int>(c + 2), rows, i, c);
      MEWS_RETURN_IF_ERROR(ins.Run());
    }
  }
  return Status::Ok();
}

Status SqliteSink::WriteRowEmpty(const RowBatch& batch, size_t row, int64_t hash,
                                 const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  EmptyTargetLoad& e = *l.empty;
  const std::string_view id = batch.root().text(row, l.mapping->key_column);
  const bool above = !e.any || id > std::string_view(e.max_id);
  // ApplyRoot looks the id up when told it may have been written (prior = new), and then applies the
  // contract's rules against the row this load wrote; otherwise it inserts without a lookup.
  const bool maybe = !above && e.written.MayContain(id);
  Result<int> kind = ApplyRoot(batch, row, hash, maybe ? kApplyNew : -1);
  if (!kind.ok()) return kind.status();
  if (*kind == 0) return Status::Ok();  // an older record of an id already written: nothing changes
  ++e.version;
  if (*kind == kApplyNew) {
    ++e.ids;
    e.written.Add(id);
  } else {  // a later record of an id this load wrote: its children replace the ones written before
    for (size_t k = 0; k < l.child_delete.size(); ++k) {
      l.child_delete[k].BindTextStatic(1, id);
      MEWS_RETURN_IF_ERROR(l.child_delete[k].Run());
      e.child_rows[k] -= db_.Changes();
    }
    if (e.staging) {  // staged rows of earlier versions of the id are left out when the staging is merged
      e.replaced_put.BindTextStatic(1, id);
      e.replaced_put.BindInt(2, e.version);
      MEWS_RETURN_IF_ERROR(e.replaced_put.Run());
      e.replaced = true;
    }
  }
  if (above || id == std::string_view(e.max_id)) {  // appends to the child B-trees
    MEWS_RETURN_IF_ERROR(WriteChildren(batch, row, starts, false));
    for (size_t k = 0; k < e.child_rows.size(); ++k) {
      e.child_rows[k] += static_cast<int64_t>(starts[k][row + 1] - starts[k][row]);
    }
  } else {
    MEWS_RETURN_IF_ERROR(StageChildren(batch, row, starts));
  }
  if (above) {
    e.max_id.assign(id.data(), id.size());
    e.any = true;
  }
  return Status::Ok();
}

// Inserts the staged child rows (the latest version of each id only) sorted by the child tables' key,
// then builds the dropped indexes, and counts: in empty tables every id written was inserted, none
// updated or unchanged, and a full snapshot has nothing to mark.
Result<LoadCounts> SqliteSink::MergeEmptyLoad() {
  LoadState& l = *load_;
  EmptyTargetLoad& e = *l.empty;
  const EntityMapping& m = *l.mapping;
  if (e.staging) {
    MEWS_RETURN_IF_ERROR(ShrinkCacheForSort());  // the sort's memory follows the cache size
    for (size_t k = 0; k < m.children.size(); ++k) {
      const Table& c = m.children[k];
      std::string cols, parent, ordinal;
      for (const Column& col : c.columns) {
        cols += (cols.empty() ? "" : ", ") + col.name;
        if (col.role == ColumnRole::kParentId) parent = col.name;
        if (col.role == ColumnRole::kOrdinal) ordinal = col.name;
      }
      std::string sql = "INSERT INTO " + c.name + " (" + cols + ") SELECT " + cols + " FROM " + StageName(k) + " AS s";
      if (e.replaced) {
        sql += " WHERE NOT EXISTS (SELECT 1 FROM temp._mews_replaced AS r WHERE r.id = s." + parent + " AND s._v < r.v)";
      }
      MEWS_RETURN_IF_ERROR(db_.Exec(sql + " ORDER BY " + parent + ", " + ordinal));
      e.child_rows[k] += db_.Changes();
    }
    MEWS_RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = " + std::to_string(kPageCacheKib)));
  }
  MEWS_RETURN_IF_ERROR(RestoreIndexes());
  LoadCounts counts;
  counts.tables.push_back(TableCounts{m.root.name});
  counts.tables[0].inserted = e.ids;
  for (size_t k = 0; k < m.children.size(); ++k) {
    counts.tables.push_back(TableCounts{m.children[k].name});
    counts.tables.back().inserted = e.child_rows[k];
  }
  return counts;
}

// Drops the staging tables (before COMMIT, like temp._mews_seen: temp tables are the connection's own).
Status SqliteSink::DropStaging() {
  EmptyTargetLoad* e = load_->empty.get();
  if (e == nullptr || !e->staging) return Status::Ok();
  for (SqliteStmt& s : e->stage_insert) s = SqliteStmt();
  e->replaced_put = SqliteStmt();
  for (size_t k = 0; k < e->stage_insert.size(); ++k) MEWS_RETURN_IF_ERROR(db_.Exec("DROP TABLE " + StageName(k)));
  e->staging = false;
  return db_.Exec("DROP TABLE temp._mews_replaced");
}

}  // namespace mews
