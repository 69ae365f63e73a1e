// PostgresSink: connecting, schema migration, the entity lock.
#include "load/postgres/postgres_sink.h"

#include "load/backends.h"
#include "load/common.h"
#include "load/ddl.h"

namespace mews {

Result<std::unique_ptr<Sink>> PostgresSink::Open(const std::string& uri, const std::string& display,
                                                 const SinkOptions& options) {
  MEWS_RETURN_IF_ERROR(CheckSchemaName(options.pg_schema));
  MEWS_RETURN_IF_ERROR(CheckConnectionName(options.connection));
  Result<std::unique_ptr<PgConn>> conn = PgConn::Connect(uri, display);
  if (!conn.ok()) return conn.status();
  return std::unique_ptr<Sink>(new PostgresSink(std::move(conn.value()), uri, options.pg_schema, options.connection,
                                                options.pg_rounds));
}

PostgresSink::~PostgresSink() {
  CloseOpenLoad();
  (void)WaitFlush();  // no thread outlives the sink, whatever happened to its load
}

Result<PgConn*> PostgresSink::StateConn() {
  if (!load_) return conn_.get();
  if (!state_conn_) {
    Result<std::unique_ptr<PgConn>> c = PgConn::Connect(uri_, conn_->display());
    if (!c.ok()) return c.status();
    state_conn_ = std::move(c.value());
  }
  return state_conn_.get();
}

Result<std::vector<std::string>> PostgresSink::TableColumns(const std::string& table) {
  Result<PgResult> r = conn_->Query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 "
      "ORDER BY ordinal_position", {schema_, table});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (int i = 0; i < r->rows(); ++i) out.push_back(r->text(i, 0));
  return out;
}

Result<std::vector<std::string>> PostgresSink::Migrate(const std::vector<const EntityMapping*>& mappings) {
  if (load_) return Status::Internal(conn_->display() + ": schema migration while a load is open");
  MEWS_RETURN_IF_ERROR(conn_->Begin());
  // Serializes concurrent migrations of one schema.
  Result<PgResult> lock = conn_->Query("SELECT pg_advisory_xact_lock(hashtextextended($1, 1))", {schema_});
  Result<std::vector<std::string>> ddl =
      lock.ok() ? MigrationDdl(Dialect::kPostgres, schema_, mappings,
                               [this](const std::string& t) { return TableColumns(t); })
                : Result<std::vector<std::string>>(lock.status());
  Status s = ddl.ok() ? Status::Ok() : ddl.status();
  if (s.ok()) {
    for (size_t i = 0; s.ok() && i < ddl->size(); ++i) s = conn_->Exec((*ddl)[i]);
  }
  if (s.ok()) s = conn_->Commit();
  if (!s.ok()) {
    conn_->Rollback();
    return s;
  }
  return ddl;
}

Result<std::vector<std::string>> PostgresSink::PendingMigration(
    const std::vector<const EntityMapping*>& mappings) {
  return MigrationDdl(Dialect::kPostgres, schema_, mappings,
                      [this](const std::string& t) { return TableColumns(t); });
}

Status PostgresSink::CheckWritable() {
  if (load_) return Status::Internal(conn_->display() + ": write check while a load is open");
  MEWS_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
  // CREATE SCHEMA checks the database's CREATE right even when the schema exists: only when missing.
  Result<PgResult> found = conn_->Query("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema_});
  Status s = found.ok() ? Status::Ok() : found.status();
  if (s.ok() && found->rows() == 0) s = conn_->Exec("CREATE SCHEMA " + schema_);
  if (s.ok()) s = conn_->Exec("CREATE TABLE " + Q("etl_check_probe") + " (x integer)");
  if (s.ok()) s = conn_->Exec("INSERT INTO " + Q("etl_check_probe") + " VALUES (1)");
  Status rolled_back = conn_->Exec("ROLLBACK");
  return s.ok() ? rolled_back : s;
}

Status PostgresSink::LockEntity(const std::string& entity, LockMode mode) {
  const std::string key = LockKey(entity);
  if (mode == LockMode::kWait) {
    Result<PgResult> r = conn_->Query("SELECT pg_advisory_lock(hashtextextended($1, 0))", {key});
    return r.ok() ? Status::Ok() : r.status();
  }
  Result<PgResult> r = conn_->Query("SELECT pg_try_advisory_lock(hashtextextended($1, 0))", {key});
  if (!r.ok()) return r.status();
  if (r->text(0, 0) == "t") return Status::Ok();
  return Status::Unavailable("another mews-etl process is loading " + entity + " of connection \"" + connection_ +
                             "\" into " + conn_->display() + " (schema " + schema_ + ")");
}

Status PostgresSink::UnlockEntity(const std::string& entity) {
  Result<PgResult> r = conn_->Query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", {LockKey(entity)});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::unique_ptr<Sink>> OpenPostgresSink(const std::string& uri, const std::string& display,
                                      const SinkOptions& options) {
  return PostgresSink::Open(uri, display, options);
}

}  // namespace mews
