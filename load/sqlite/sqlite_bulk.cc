// SqliteSink's bulk path for a load into an empty target: the root's secondary indexes are dropped
// when the load begins and created again, from their stored definitions, just before it commits.
// All of it happens inside the load's transaction, so a failed or killed load leaves the schema
// exactly as it was; readers keep their WAL snapshot and never see the indexes missing.
#include "load/sqlite/sqlite_load.h"

namespace mews {

Result<bool> SqliteSink::TableEmpty(const std::string& table) {
  Result<SqliteStmt> q = db_.Prepare("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")");
  if (!q.ok()) return q.status();
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status();
  return q->ColumnInt(0) != 0;
}

// Sets load_->empty_target and, when it holds, drops the root's secondary indexes.
Status SqliteSink::PrepareBulk() {
  LoadState& l = *load_;
  const EntityMapping& m = *l.mapping;
  l.empty_target = false;
  Result<bool> empty = TableEmpty(m.root.name);
  if (!empty.ok()) return empty.status();
  if (!*empty) return Status::Ok();
  for (const Table& c : m.children) {
    empty = TableEmpty(c.name);
    if (!empty.ok()) return empty.status();
    if (!*empty) return Status::Ok();
  }
  l.empty_target = true;
  Result<SqliteStmt> q = db_.Prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 "
                                     "AND sql IS NOT NULL ORDER BY name");
  if (!q.ok()) return q.status();
  q->BindText(1, m.root.name);
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    names.push_back(q->ColumnText(0));
    l.dropped_indexes.push_back(q->ColumnText(1));
  }
  for (const std::string& name : names) MEWS_RETURN_IF_ERROR(db_.Exec("DROP INDEX \"" + name + "\""));
  return Status::Ok();
}

// SQLite lets a sort (an index build's, or an ORDER BY's) use as much memory as the page cache holds;
// with a small cache the sort spills to temporary files instead, so peak memory does not grow with
// the table. The pages the load's cache held are written out and their memory returned first: the
// sort's memory then comes on top of a small cache, not of the load's 128 MiB.
Status SqliteSink::ShrinkCacheForSort() {
  MEWS_RETURN_IF_ERROR(db_.Exec("PRAGMA cache_size = " + std::to_string(kIndexBuildCacheKib)));
  return db_.ReleaseCacheMemory();
}

Status SqliteSink::RestoreIndexes() {
  if (load_->dropped_indexes.empty()) return Status::Ok();
  MEWS_RETURN_IF_ERROR(ShrinkCacheForSort());
  for (const std::string& sql : load_->dropped_indexes) MEWS_RETURN_IF_ERROR(db_.Exec(sql));
  load_->dropped_indexes.clear();
  return db_.Exec("PRAGMA cache_size = " + std::to_string(kPageCacheKib));
}

}  // namespace mews
