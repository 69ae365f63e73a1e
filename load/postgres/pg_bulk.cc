// PostgresSink's bulk path, PostgreSQL's own advice for populating a database: when a load's
// records number at least a quarter of its root table's rows, the children's foreign keys (and, into
// an empty table, the root's secondary indexes) are set aside before the merge and created again
// from their catalog definitions right after it, in the load's transaction. A failed or killed load
// rolls that back with everything else. Building them again costs at most a few times what the load
// itself writes; while the merge runs (not while rows stream in), readers of the entity's tables
// wait for the commit. Smaller loads merge row by row into the indexes and never block readers.
#include "load/postgres/pg_load.h"

namespace mews {

namespace {
constexpr int64_t kBulkFactor = 4;  // bulk when the root table has at most 4x the staged rows
}  // namespace

Result<PostgresSink::ChildMerge> PostgresSink::PlanMerge() {
  const int64_t n = load_->merging;  // records skipped as unchanged are not merged
  // Counts the table's rows only as far as the decision needs: the cost is bounded by the load's.
  Result<PgResult> existing = conn_->Query("SELECT count(*) FROM (SELECT 1 FROM " + Q(load_->mapping->root.name) +
                                           " LIMIT " + std::to_string(kBulkFactor * n + 1) + ") t");
  if (!existing.ok()) return existing.status();
  const int64_t rows = existing->integer(0, 0);
  if (rows == 0) return ChildMerge::kInsert;  // no parent rows, so no children (foreign keys)
  return n > 0 && rows <= kBulkFactor * n ? ChildMerge::kReplace : ChildMerge::kInPlace;
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

// Foreign keys always; the root's secondary indexes only when it is empty (`indexes`): building one
// again reads the whole table, a cost the load itself bounds only then.
Result<std::vector<std::string>> PostgresSink::SetAsideForBulk(bool indexes) {
  const EntityMapping& m = *load_->mapping;
  std::vector<std::string> restore;
  MEWS_RETURN_IF_ERROR(conn_->Exec("SET LOCAL maintenance_work_mem = '256MB'"));
  if (indexes) MEWS_RETURN_IF_ERROR(SetAside(
      "SELECT 'DROP INDEX ' || x.indexrelid::regclass::text, pg_get_indexdef(x.indexrelid) FROM pg_index x "
      "WHERE x.indrelid = '" + Q(m.root.name) + "'::regclass AND NOT x.indisunique ORDER BY 1", &restore));
  for (const Table& c : m.children) {
    const std::string t = "'" + Q(c.name) + "'::regclass";
    MEWS_RETURN_IF_ERROR(SetAside(
        "SELECT 'ALTER TABLE ' || conrelid::regclass::text || ' DROP CONSTRAINT ' || quote_ident(conname), "
        "'ALTER TABLE ' || conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(conname) || ' ' || "
        "pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = " + t + " AND contype = 'f' ORDER BY 1",
        &restore));
  }
  return restore;
}

Status PostgresSink::Restore(const std::vector<std::string>& restore) {
  for (const std::string& sql : restore) MEWS_RETURN_IF_ERROR(conn_->Exec(sql));
  return Status::Ok();
}

}  // namespace mews
