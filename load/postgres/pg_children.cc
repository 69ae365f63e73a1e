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

// The pieces of child-table SQL: column list, staged values as typed expressions, and, for an
// upsert into the child table `c`, the SET list and the condition that the stored row differs from
// the EXCLUDED one (both empty when the table has no data columns).
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
    out.sets += (out.sets.empty() ? "" : ", ") + col.name + " = EXCLUDED." + col.name;
    olds += (olds.empty() ? "" : ", ") + ("c." + col.name);
    news += (news.empty() ? "" : ", ") + ("EXCLUDED." + col.name);
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

// The children of updated parents. A record's child rows have the ordinals 0 to n - 1 (n its _kids
// entry, in _mews_k): stored rows from n on are deleted, by one index range probe per parent, and
// the staged rows are upserted on (parent_id, ordinal), a stored row updated only where a value
// differs. Neither reads a parent's child rows that stay as they are.
Status PostgresSink::MergeChildrenInPlace(const StageSet& set, size_t k, const std::string& target,
                                          const ChildSql& sql) {
  MEWS_RETURN_IF_ERROR(ExecProbing("DELETE FROM " + target + " c USING " + set.kids + " u WHERE NOT u.ins AND "
                                   "c.parent_id = u.id AND c.ordinal >= u._kids[" + std::to_string(k + 1) + "]"));
  const std::string on_conflict = sql.sets.empty() ? "DO NOTHING"
                                                   : "DO UPDATE SET " + sql.sets + " WHERE " + sql.differs;
  return conn_->Exec("INSERT INTO " + target + " AS c (" + sql.cols + ") SELECT " + sql.exprs + " FROM " +
                     set.Table(k + 1) + " WHERE parent_id IN (SELECT id FROM " + set.written +
                     " WHERE NOT ins) ON CONFLICT (parent_id, ordinal) " + on_conflict);
}

Status PostgresSink::MergeChild(const StageSet& set, size_t k, ChildMerge mode, const ChildPlan& plan,
                                TableCounts* counts) {
  const std::string target = Q(load_->mapping->children[k].name), staging = set.Table(k + 1);
  const ChildSql sql = BuildChildSql(load_->mapping->children[k]);
  const std::string insert = "INSERT INTO " + target + " (" + sql.cols + ") SELECT " + sql.exprs + " FROM " + staging;
  if (mode == ChildMerge::kInPlace) {
    MEWS_RETURN_IF_ERROR(MergeChildrenInPlace(set, k, target, sql));
    // Children of new parents are all new.
    if (plan.new_parents) {
      MEWS_RETURN_IF_ERROR(conn_->Exec(insert + " WHERE parent_id IN (SELECT id FROM " + set.written + " WHERE ins)"));
    }
    counts->inserted = plan.written_kids[k];
  } else {
    if (mode == ChildMerge::kReplace) {
      MEWS_RETURN_IF_ERROR(
          conn_->Exec("DELETE FROM " + target + " c USING " + set.written + " w WHERE c.parent_id = w.id AND "
                      "NOT w.ins"));
    }
    // Into empty tables every staged root row was inserted, so every staged child is written.
    const std::string written =
        mode == ChildMerge::kInsert ? "TRUE" : "parent_id IN (SELECT id FROM " + set.written + ")";
    Result<PgResult> ins = conn_->Query(insert + " WHERE " + written);
    if (!ins.ok()) return ins.status();
    counts->inserted = ins->affected();  // every staged child of a written parent
  }
  counts->unchanged = (*set.staged)[k + 1] - counts->inserted;
  return Status::Ok();
}

// Children of written parents are replaced whole, table by table.
Status PostgresSink::MergeChildren(const StageSet& set, ChildMerge mode, LoadCounts* counts) {
  const EntityMapping& m = *load_->mapping;
  if (m.children.empty()) return Status::Ok();
  ChildPlan plan;
  plan.new_parents = counts->tables[0].inserted > 0;
  if (mode == ChildMerge::kInPlace) {
    // The written parents and their numbers of child rows (_kids, every one of them staged): the
    // surplus deletes' bounds and the child tables' counts, summed here instead of counted in each
    // staging table.
    MEWS_RETURN_IF_ERROR(conn_->Exec("CREATE TEMP TABLE " + set.kids + " ON COMMIT DROP AS SELECT s.id, s._kids, "
                                     "w.ins FROM " + set.Table(0) + " s JOIN " + set.written +
                                     " w ON w.id = s.id WHERE NOT s._skip"));
    std::string sums;
    for (size_t k = 1; k <= m.children.size(); ++k) {
      sums += (k > 1 ? ", " : "") + std::string("coalesce(sum(_kids[") + std::to_string(k) + "]), 0)";
    }
    Result<PgResult> n = conn_->Query("SELECT " + sums + " FROM " + set.kids);
    if (!n.ok()) return n.status();
    for (size_t k = 0; k < m.children.size(); ++k) plan.written_kids.push_back(n->integer(0, static_cast<int>(k)));
  }
  for (size_t k = 0; k < m.children.size(); ++k) {
    MEWS_RETURN_IF_ERROR(MergeChild(set, k, mode, plan, &counts->tables[k + 1]));
  }
  return Status::Ok();
}

}  // namespace mews
