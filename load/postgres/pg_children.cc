// PostgresSink's child-table merge. The children of every written parent end up exactly as the
// load's records give them ("replaced whole", design.md section 3). Outside the bulk path rows are
// not rewritten needlessly: a child row whose (parent_id, ordinal) already exists is updated in
// place, and only when a value differs; ordinals the record no longer has are deleted; new ones are
// inserted. Updating in place keeps parent_id, so PostgreSQL skips the foreign-key check a
// re-insert pays. On the bulk path (foreign keys set aside) delete and insert is cheaper.
#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

namespace {

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

Status PostgresSink::MergeChild(size_t k, ChildMerge mode, TableCounts* counts) {
  const Table& c = load_->mapping->children[k];
  const std::string target = Q(c.name), staging = StagingName(k + 1);
  std::vector<std::string> cols, exprs, data, sets, olds, news;
  for (const Column& col : c.columns) {
    cols.push_back(col.name);
    exprs.push_back(StagingSelectExpr(col, ""));
    if (col.role != ColumnRole::kData) continue;
    data.push_back(col.name);
    sets.push_back(col.name + " = " + StagingSelectExpr(col, "s."));
    olds.push_back("c." + col.name);
    news.push_back(StagingSelectExpr(col, "s."));
  }
  // Into empty tables every staged root row was inserted, so every staged child is written.
  const std::string written = mode == ChildMerge::kInsert ? "TRUE" : "parent_id IN (SELECT id FROM _mews_w)";
  if (mode == ChildMerge::kReplace) {
    MEWS_RETURN_IF_ERROR(conn_->Exec("DELETE FROM " + target + " c USING _mews_w w WHERE c.parent_id = w.id AND NOT w.ins"));
  }
  if (mode == ChildMerge::kInPlace) {
    if (!sets.empty()) {
      MEWS_RETURN_IF_ERROR(conn_->Exec(
          "UPDATE " + target + " c SET " + Join(sets) + " FROM " + staging + " s JOIN _mews_w w ON w.id = s.parent_id "
          "AND NOT w.ins WHERE c.parent_id = s.parent_id AND c.ordinal = s.ordinal AND ROW(" + Join(olds) +
          ") IS DISTINCT FROM ROW(" + Join(news) + ")"));
    }
    MEWS_RETURN_IF_ERROR(conn_->Exec(
        "DELETE FROM " + target + " c USING _mews_w w WHERE c.parent_id = w.id AND NOT w.ins AND NOT EXISTS "
        "(SELECT 1 FROM " + staging + " s WHERE s.parent_id = c.parent_id AND s.ordinal = c.ordinal)"));
  }
  std::string insert = "INSERT INTO " + target + " (" + Join(cols) + ") SELECT " + Join(exprs) + " FROM " + staging +
                       " WHERE " + written;
  if (mode == ChildMerge::kInPlace) {
    insert += " AND NOT EXISTS (SELECT 1 FROM " + target + " c WHERE c.parent_id = " + staging +
              ".parent_id AND c.ordinal = " + staging + ".ordinal)";
  }
  Result<PgResult> ins = conn_->Query(insert);
  if (!ins.ok()) return ins.status();
  counts->inserted = ins->affected();  // every staged child of a written parent
  if (mode == ChildMerge::kInPlace) {
    Result<PgResult> n = conn_->Query("SELECT count(*) FROM " + staging + " WHERE " + written);
    if (!n.ok()) return n.status();
    counts->inserted = n->integer(0, 0);
  }
  counts->unchanged = load_->staged[k + 1] - counts->inserted;
  return Status::Ok();
}

}  // namespace mews
