// PostgresSink's bulk path, PostgreSQL's own advice for populating a database: when a load's
// records number at least a quarter of its root table's rows, the children's foreign keys are set
// aside before the merge and created again from their catalog definitions right after it, in the
// load's transaction; when they number at least half of them (an empty table, a re-load of all its
// records), so are every table's secondary indexes and the children's primary keys, which are then
// built by one sort each instead of one B-tree insert per written row. A failed or killed load
// rolls that back with everything else. Building them again costs at most a few times what the load
// itself writes; while the merge runs (not while rows stream in), readers of the entity's tables
// wait for the commit. Smaller loads merge row by row into the indexes and never block readers.
#include "load/postgres/pg_load.h"

namespace mews {

namespace {
constexpr int64_t kBulkFactor = 4;     // bulk when the root table has at most 4x the merged rows
constexpr int64_t kRebuildFactor = 2;  // indexes and child keys rebuilt when it has at most 2x
constexpr int64_t kRebuildMin = 1000;  // and the load merges this many records at least
}  // namespace

Result<PostgresSink::MergePlan> PostgresSink::PlanMerge() {
  const int64_t n = load_->merging;  // records skipped as unchanged are not merged
  // Counts the table's rows only as far as the decision needs: the cost is bounded by the load's.
  Result<PgResult> existing = conn_->Query("SELECT count(*) FROM (SELECT 1 FROM " + Q(load_->mapping->root.name) +
                                           " LIMIT " + std::to_string(kBulkFactor * n + 1) + ") t");
  if (!existing.ok()) return existing.status();
  const int64_t rows = existing->integer(0, 0);
  const bool rebuild = n >= kRebuildMin && rows <= kRebuildFactor * n;
  if (rows == 0) return MergePlan{ChildMerge::kInsert, rebuild};  // no parent rows, so no children
  return MergePlan{n > 0 && rows <= kBulkFactor * n ? ChildMerge::kReplace : ChildMerge::kInPlace, rebuild};
}

// A load holds its root table shared from its first hash lookup on, so two loads that each waited
// for the other's tables without limit would deadlock (dropping a child's foreign key locks the root
// table as dropping an index does): the bulk path waits a few seconds at most for readers and other
// loads to finish (autovacuum gives way after deadlock_timeout, 1 s by default), and the load merges
// row by row when they do not. Either way the merge's result is the same.
Result<bool> PostgresSink::LockForBulk() {
  std::string sqlstate;
  Status s = conn_->ExecInSavepoint("SET LOCAL lock_timeout = '3s'; LOCK TABLE " + EntityTables(true, false) +
                                    " IN ACCESS EXCLUSIVE MODE; SET LOCAL lock_timeout = DEFAULT", &sqlstate);
  if (s.ok()) return true;
  if (sqlstate == "55P03" || sqlstate == "40P01") return false;  // lock_timeout, or a deadlock
  return s;
}

std::string PostgresSink::EntityTables(bool with_root, bool regclass) const {
  const EntityMapping& m = *load_->mapping;
  std::string out;
  auto add = [&](const Table& t) {
    out += (out.empty() ? "" : ", ") + (regclass ? "'" + Q(t.name) + "'::regclass" : Q(t.name));
  };
  if (with_root) add(m.root);
  for (const Table& c : m.children) add(c);
  return out;
}

// Drops what the catalog query lists (one statement per row, column 0) and keeps the statements
// that create it again (column 1).
Status PostgresSink::SetAside(const std::string& catalog_sql, std::vector<std::string>* restore) {
  Result<PgResult> r = conn_->Query(catalog_sql);
  if (!r.ok()) return r.status();
  for (int i = 0; i < r->rows(); ++i) {
    MEWS_RETURN_IF_ERROR(conn_->Exec(r->text(i, 0)));
    restore->push_back(r->text(i, 1));
  }
  return Status::Ok();
}

Status PostgresSink::SetAsideConstraints(const std::string& regclasses, const std::string& kinds,
                                         std::vector<std::string>* restore) {
  if (regclasses.empty()) return Status::Ok();
  return SetAside(
      "SELECT 'ALTER TABLE ' || conrelid::regclass::text || ' DROP CONSTRAINT ' || quote_ident(conname), "
      "'ALTER TABLE ' || conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || "
      "pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN (" + regclasses + ") AND contype IN " + kinds +
      " ORDER BY contype DESC, 1", restore);
}

// Building an index again reads its whole table, a cost the load bounds only when the table holds
// at most kRebuildFactor times its rows: the scopes beyond foreign keys are for such loads.
Result<std::vector<std::string>> PostgresSink::SetAsideForBulk(SetAsideScope scope) {
  std::vector<std::string> restore;
  MEWS_RETURN_IF_ERROR(conn_->Exec("SET LOCAL maintenance_work_mem = '256MB'"));
  if (scope != SetAsideScope::kForeignKeys) MEWS_RETURN_IF_ERROR(SetAside(
      "SELECT 'DROP INDEX ' || x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid) FROM pg_index x "
      "WHERE x.indrelid IN (" + EntityTables(true, true) + ") AND NOT x.indisunique ORDER BY 1", &restore));
  // Primary keys (of the children only: the root's serves the merge's ON CONFLICT) before foreign keys.
  MEWS_RETURN_IF_ERROR(SetAsideConstraints(EntityTables(false, true),
                                           scope == SetAsideScope::kKeys ? "('p', 'f')" : "('f')", &restore));
  return restore;
}

Status PostgresSink::Restore(const std::vector<std::string>& restore) {
  for (const std::string& sql : restore) MEWS_RETURN_IF_ERROR(conn_->Exec(sql));
  return Status::Ok();
}

}  // namespace mews
