// PostgresSink's child-table merge. The children of every written parent end up exactly as the
// load's records give them ("replaced whole", docs/tables.md). Outside the bulk path rows are
// not rewritten needlessly: a child row whose (parent_id, ordinal) already exists is updated in
// place, and only when a value differs; ordinals the record no longer has are deleted; new ones are
// inserted. Updating in place keeps parent_id, so PostgreSQL skips the foreign-key check a
// re-insert pays. On the bulk path (foreign keys set aside) delete and insert is cheaper.
#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

// The pieces of child-table SQL: column list, staged values as typed expressions, the SET list of
// an in-place update and the condition that a stored row `c` differs from its staged row `s`.
struct ChildSql {
  std::string cols, exprs, sets, differs;
};

namespace {

ChildSql BuildChildSql(const Table& t) {
  ChildSql out;
  std::string olds, news;
  for (const Column& col : t.columns) {
    const std::string sep = out.cols.empty() ? "" : ", ";
    out.cols += sep + col.name;
    out.exprs += sep + StagingSelectExpr(col, "");
    if (col.role != ColumnRole::kData) continue;
    const std::string staged = StagingSelectExpr(col, "s.");
    out.sets += (out.sets.empty() ? "" : ", ") + col.name + " = " + staged;
    olds += (olds.empty() ? "" : ", ") + ("c." + col.name);
    news += (news.empty() ? "" : ", ") + staged;
  }
  if (!olds.empty()) out.differs = "ROW(" + olds + ") IS DISTINCT FROM ROW(" + news + ")";
  return out;
}

}  // namespace

// Nested loops over an index only: for statements that reach into a large table for a set of keys.
// A hash or merge join there reads the whole table, which cost seconds per table on the first load
// after a bulk one (PostgreSQL set every page's hint bits).
Status PostgresSink::ExecProbing(const std::string& sql) {
  MEWS_RETURN_IF_ERROR(conn_->Exec("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"));
  MEWS_RETURN_IF_ERROR(conn_->Exec(sql));
  return conn_->Exec("SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on");
}

// The children of updated parents: rows whose (parent_id, ordinal) the record still has are updated
// where a value differs; the keys the table holds for those parents are read once (_mews_e), and
// the ordinals the record no longer has, or has anew, follow from comparing them with the staged
// rows, so that the table is searched again only for rows to delete.
Status PostgresSink::MergeChildrenInPlace(const std::string& target, const std::string& staging, const ChildSql& sql) {
  if (!sql.sets.empty()) {
    MEWS_RETURN_IF_ERROR(conn_->Exec("UPDATE " + target + " c SET " + sql.sets + " FROM " + staging +
                                     " s JOIN _mews_w w ON w.id = s.parent_id AND NOT w.ins WHERE c.parent_id = "
                                     "s.parent_id AND c.ordinal = s.ordinal AND " + sql.differs));
  }
  MEWS_RETURN_IF_ERROR(ExecProbing("CREATE TEMP TABLE _mews_e ON COMMIT DROP AS SELECT c.parent_id, c.ordinal FROM " +
                                   target + " c JOIN _mews_w w ON c.parent_id = w.id WHERE NOT w.ins"));
  MEWS_RETURN_IF_ERROR(conn_->Exec("ANALYZE _mews_e"));
  const std::string in_staging = "EXISTS (SELECT 1 FROM " + staging +
                                 " s WHERE s.parent_id = e.parent_id AND s.ordinal = e.ordinal)";
  Result<PgResult> gone = conn_->Query("CREATE TEMP TABLE _mews_d ON COMMIT DROP AS SELECT parent_id, ordinal FROM "
                                       "_mews_e e WHERE NOT " + in_staging);
  if (!gone.ok()) return gone.status();
  if (gone->affected() > 0) {
    MEWS_RETURN_IF_ERROR(ExecProbing("DELETE FROM " + target + " c USING _mews_d d WHERE c.parent_id = d.parent_id "
                                     "AND c.ordinal = d.ordinal"));
  }
  MEWS_RETURN_IF_ERROR(conn_->Exec("INSERT INTO " + target + " (" + sql.cols + ") SELECT " + sql.exprs + " FROM " +
                                   staging + " WHERE parent_id IN (SELECT id FROM _mews_w WHERE NOT ins) AND NOT "
                                   "EXISTS (SELECT 1 FROM _mews_e e WHERE e.parent_id = " + staging + ".parent_id "
                                   "AND e.ordinal = " + staging + ".ordinal)"));
  return conn_->Exec("DROP TABLE _mews_e, _mews_d");
}

Status PostgresSink::MergeChild(size_t k, ChildMerge mode, TableCounts* counts) {
  const std::string target = Q(load_->mapping->children[k].name), staging = StagingName(k + 1);
  const ChildSql sql = BuildChildSql(load_->mapping->children[k]);
  // Into empty tables every staged root row was inserted, so every staged child is written.
  const std::string written = mode == ChildMerge::kInsert ? "TRUE" : "parent_id IN (SELECT id FROM _mews_w)";
  if (mode == ChildMerge::kReplace) {
    MEWS_RETURN_IF_ERROR(conn_->Exec("DELETE FROM " + target + " c USING _mews_w w WHERE c.parent_id = w.id AND NOT w.ins"));
  }
  const std::string insert = "INSERT INTO " + target + " (" + sql.cols + ") SELECT " + sql.exprs + " FROM " + staging;
  if (mode == ChildMerge::kInPlace) {
    MEWS_RETURN_IF_ERROR(MergeChildrenInPlace(target, staging, sql));
    // Children of new parents are all new.
    MEWS_RETURN_IF_ERROR(conn_->Exec(insert + " WHERE parent_id IN (SELECT id FROM _mews_w WHERE ins)"));
    Result<PgResult> n = conn_->Query("SELECT count(*) FROM " + staging + " WHERE " + written);
    if (!n.ok()) return n.status();
    counts->inserted = n->integer(0, 0);
  } else {
    Result<PgResult> ins = conn_->Query(insert + " WHERE " + written);
    if (!ins.ok()) return ins.status();
    counts->inserted = ins->affected();  // every staged child of a written parent
  }
  counts->unchanged = load_->staged[k + 1] - counts->inserted;
  return Status::Ok();
}

}  // namespace mews
