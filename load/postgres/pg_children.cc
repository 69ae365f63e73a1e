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

// Updates the existing (parent_id, ordinal) rows of updated parents where they differ and deletes
// the ordinals their records no longer have.
Status PostgresSink::UpdateChildrenInPlace(const std::string& target, const std::string& staging,
                                           const ChildSql& sql) {
  if (!sql.sets.empty()) {
    MEWS_RETURN_IF_ERROR(conn_->Exec("UPDATE " + target + " c SET " + sql.sets + " FROM " + staging +
                                     " s JOIN _mews_w w ON w.id = s.parent_id AND NOT w.ins WHERE c.parent_id = "
                                     "s.parent_id AND c.ordinal = s.ordinal AND " + sql.differs));
  }
  return conn_->Exec("DELETE FROM " + target + " c USING _mews_w w WHERE c.parent_id = w.id AND NOT w.ins AND "
                     "NOT EXISTS (SELECT 1 FROM " + staging + " s WHERE s.parent_id = c.parent_id AND s.ordinal = "
                     "c.ordinal)");
}

Status PostgresSink::MergeChild(size_t k, ChildMerge mode, TableCounts* counts) {
  const std::string target = Q(load_->mapping->children[k].name), staging = StagingName(k + 1);
  const ChildSql sql = BuildChildSql(load_->mapping->children[k]);
  // Into empty tables every staged root row was inserted, so every staged child is written.
  const std::string written = mode == ChildMerge::kInsert ? "TRUE" : "parent_id IN (SELECT id FROM _mews_w)";
  if (mode == ChildMerge::kReplace) {
    MEWS_RETURN_IF_ERROR(conn_->Exec("DELETE FROM " + target + " c USING _mews_w w WHERE c.parent_id = w.id AND NOT w.ins"));
  }
  if (mode == ChildMerge::kInPlace) MEWS_RETURN_IF_ERROR(UpdateChildrenInPlace(target, staging, sql));
  const std::string insert = "INSERT INTO " + target + " (" + sql.cols + ") SELECT " + sql.exprs + " FROM " + staging;
  if (mode == ChildMerge::kInPlace) {
    // Children of new parents are all new. Only those of updated parents may exist already, and they
    // are checked by key, one probe each: an anti-join that read the whole child table cost seconds
    // per table on the first load after a bulk one (PostgreSQL set every page's hint bits).
    MEWS_RETURN_IF_ERROR(conn_->Exec(insert + " WHERE parent_id IN (SELECT id FROM _mews_w WHERE ins)"));
    MEWS_RETURN_IF_ERROR(conn_->Exec("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"));
    Status s = conn_->Exec(insert + " WHERE parent_id IN (SELECT id FROM _mews_w WHERE NOT ins) AND NOT EXISTS "
                           "(SELECT 1 FROM " + target + " c WHERE c.parent_id = " + staging + ".parent_id AND "
                           "c.ordinal = " + staging + ".ordinal)");
    MEWS_RETURN_IF_ERROR(s);
    MEWS_RETURN_IF_ERROR(conn_->Exec("SET LOCAL enable_hashjoin = on; SET LOCAL enable_mergejoin = on"));
  } else {
    Result<PgResult> ins = conn_->Query(insert + " WHERE " + written);
    if (!ins.ok()) return ins.status();
    counts->inserted = ins->affected();  // every staged child of a written parent
  }
  if (mode == ChildMerge::kInPlace) {
    Result<PgResult> n = conn_->Query("SELECT count(*) FROM " + staging + " WHERE " + written);
    if (!n.ok()) return n.status();
    counts->inserted = n->integer(0, 0);
  }
  counts->unchanged = load_->staged[k + 1] - counts->inserted;
  return Status::Ok();
}

}  // namespace mews
