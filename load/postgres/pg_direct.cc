// PostgresSink's direct path, for a load into tables that are empty when it begins (a first sync, a
// backfill into a new database), done the way pg_restore fills a database: the tables' primary
// keys, secondary indexes and foreign keys are set aside at Begin, every record whose id is certainly
// the first of its id in the load is COPYed straight into the final tables, and at Commit the keys
// are built by one sort each, the few other records (later copies of an id, and the Bloom filter's
// rare false positives) are merged through staging by the contract's rules, and the indexes and
// foreign keys are built again. All in the load's transaction: a failed or killed load leaves the
// tables and their definitions exactly as they were. The tables are held exclusively from Begin to
// Commit: readers of an entity's tables wait for its first load (they were empty).
#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

namespace {

// True when a duration of the record is negative: PostgreSQL's interval input refuses ISO 8601's
// leading "-P", which staging converts and a COPY into the final table cannot.
bool HasNegativeDuration(const TableRows& rows, size_t from, size_t to) {
  const std::vector<Column>& cols = rows.table().columns;
  for (size_t c = 0; c < cols.size(); ++c) {
    if (cols[c].type != ColumnType::kDuration) continue;
    for (size_t r = from; r < to; ++r) {
      if (!rows.is_null(r, c) && rows.text(r, c).substr(0, 1) == "-") return true;
    }
  }
  return false;
}

// The row's cells ended by a newline instead of their last tab.
void EndLine(std::string* out) { out->back() = '\n'; }

}  // namespace

std::vector<std::string> DirectColumns(const EntityMapping& m, size_t t) {
  const Table& table = t == 0 ? m.root : m.children[t - 1];
  std::vector<std::string> out;
  for (const Column& c : table.columns) out.push_back(c.name);
  if (t == 0) out.insert(out.end(), {"_export_id", "_loaded_at", "_connection", "_deleted_at", "_content_hash"});
  return out;
}

Status PostgresSink::BeginDirect() {
  LoadState& l = *load_;
  const EntityMapping& m = *l.mapping;
  // Emptiness was seen without a lock; under the lock it is certain, or the load goes the usual way
  // and the savepoint's rollback releases the lock at once.
  MEWS_RETURN_IF_ERROR(conn_->Exec("SAVEPOINT mews_direct; LOCK TABLE " + EntityTables(true, false) +
                                   " IN ACCESS EXCLUSIVE MODE"));
  Result<PgResult> empty = conn_->Query("SELECT NOT EXISTS (SELECT 1 FROM " + Q(m.root.name) + "), now()::text");
  if (!empty.ok()) return empty.status();
  if (empty->text(0, 0) != "t") {
    l.empty_at_begin = false;
    return conn_->Exec("ROLLBACK TO SAVEPOINT mews_direct; RELEASE SAVEPOINT mews_direct");
  }
  l.now = empty->text(0, 1);
  // COPY FREEZE writes the rows frozen and marks their pages all-visible, so that the vacuum
  // PostgreSQL runs after a large insert (autovacuum's, minutes later) has no page to rewrite, nor
  // has the first reader hint bits to set: a million OrderItems and their first minute wrote 2.2 GB
  // with FREEZE, 2.7 to 3.0 GB without. PostgreSQL allows FREEZE only into a table truncated (or
  // created) in the same transaction; these are empty and held exclusively, so the TRUNCATE changes
  // nothing else. Where it is refused (no TRUNCATE privilege, a user's ON TRUNCATE trigger), the
  // load goes on without FREEZE.
  std::string refused;
  l.freeze = conn_->ExecInSavepoint("TRUNCATE " + EntityTables(true, false), &refused).ok();
  Result<std::vector<std::string>> restore = SetAsideForBulk(SetAsideScope::kIndexes);
  if (!restore.ok()) return restore.status();
  l.restore = std::move(restore.value());
  MEWS_RETURN_IF_ERROR(SetAsideConstraints(EntityTables(true, true), "('p')", &l.restore_keys));
  MEWS_RETURN_IF_ERROR(conn_->Exec("RELEASE SAVEPOINT mews_direct"));
  l.direct = true;
  l.seen.emplace();
  l.direct_rows.assign(m.children.size() + 1, 0);
  l.copy_text.resize(2 * m.children.size() + 3);  // staging, skipped, then the final tables
  return Status::Ok();
}

// Marks the record's id seen; true when it certainly was not before (the Bloom filter has no false
// negatives), so that the record is the first of its id and cannot conflict with a row COPYed in.
bool PostgresSink::TakeDirect(const RowBatch& batch, size_t row) {
  LoadState& l = *load_;
  if (l.seen->TestAndAdd(batch.root().text(row, l.mapping->key_column))) return false;
  if (HasNegativeDuration(batch.root(), row, row + 1)) return false;
  return true;
}

void PostgresSink::WriteDirect(const RowBatch& batch, size_t row, int64_t hash,
                               const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  const size_t base = l.mapping->children.size() + 2;
  for (size_t k = 0; k < batch.children().size(); ++k) {
    if (HasNegativeDuration(batch.children()[k], starts[k][row], starts[k][row + 1])) {
      const int64_t seq = l.next_seq + static_cast<int64_t>(row);
      l.copy_bytes += StageRecord(batch, row, seq, hash, starts, &l.copy_text, &l.staged);
      return;
    }
  }
  std::string& root = l.copy_text[base];
  size_t before = root.size();
  AppendCopyCells(batch.root(), row, &root);
  if (l.context.export_id) AppendCopyText(*l.context.export_id, &root);
  else root += "\\N";
  root += '\t';
  AppendCopyText(l.now, &root);
  root += '\t';
  AppendCopyText(l.context.connection, &root);
  root += "\t\\N\t";
  AppendInt(hash, &root);
  root += '\n';
  l.copy_bytes += root.size() - before;
  ++l.direct_rows[0];
  for (size_t k = 0; k < batch.children().size(); ++k) {
    std::string& buf = l.copy_text[base + k + 1];
    before = buf.size();
    for (size_t i = starts[k][row]; i < starts[k][row + 1]; ++i) {
      AppendCopyCells(batch.children()[k], i, &buf);
      EndLine(&buf);
    }
    l.copy_bytes += buf.size() - before;
    l.direct_rows[k + 1] += static_cast<int64_t>(starts[k][row + 1] - starts[k][row]);
  }
}

// Every distinct id of a load into empty tables is inserted, and every child row left is new.
Status PostgresSink::MergeDirect(LoadCounts* counts) {
  LoadState& l = *load_;
  const EntityMapping& m = *l.mapping;
  MEWS_RETURN_IF_ERROR(Restore(l.restore_keys));
  std::vector<int64_t> replaced(m.children.size(), 0);
  int64_t merged_new = 0;
  if (l.staged[0] > 0) {
    MEWS_RETURN_IF_ERROR(Dedupe());
    MEWS_RETURN_IF_ERROR(MergeRoot(LoadSet(), counts));
    merged_new = counts->tables[0].inserted;
    for (size_t k = 0; k < m.children.size(); ++k) {
      Result<PgResult> n = conn_->Query("SELECT count(*) FROM " + Q(m.children[k].name) +
                                        " c JOIN _mews_w w ON c.parent_id = w.id AND NOT w.ins");
      if (!n.ok()) return n.status();
      replaced[k] = n->integer(0, 0);
    }
    MEWS_RETURN_IF_ERROR(MergeChildren(LoadSet(), ChildMerge::kReplace, counts));
  }
  TableCounts& root = counts->tables[0];
  root = TableCounts{root.table, l.direct_rows[0] + merged_new, 0, 0, 0};
  for (size_t k = 0; k < m.children.size(); ++k) {
    TableCounts& child = counts->tables[k + 1];
    const int64_t merged = l.staged[0] > 0 ? child.inserted : 0;
    child = TableCounts{child.table, l.direct_rows[k + 1] - replaced[k] + merged, 0, 0, 0};
  }
  MEWS_RETURN_IF_ERROR(Restore(l.restore));
  return AnalyzeLoaded();
}

}  // namespace mews
