// PostgresSink: the run state tables (etl_runs, etl_exports, etl_watermarks, etl_connections). Each
// call commits on its own: on the main connection, or on a second one while a load transaction is open.
#include "load/common.h"
#include "load/postgres/postgres_sink.h"

namespace mews {
namespace {

std::optional<std::string> OrNull(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// A timestamptz column as a canonical UTC text (the session time zone is UTC).
std::string Ts(const std::string& column) {
  return "coalesce(to_char(" + column + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), '')";
}

}  // namespace

Result<int64_t> PostgresSink::StartRun(const std::string& entity, const std::string& command) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Prepared("start_run", "INSERT INTO " + Q("etl_runs") +
                                      " (entity, command, started_at, status, connection) VALUES ($1, $2, "
                                      "clock_timestamp(), 'running', $3) RETURNING id",
                                      {entity, command, connection_});
  if (!r.ok()) return r.status();
  return r->integer(0, 0);
}

Status PostgresSink::FinishRun(int64_t run_id, const RunOutcome& outcome) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  const TableCounts zero;
  const TableCounts& root = outcome.counts.tables.empty() ? zero : outcome.counts.root();
  std::optional<std::string> json;
  if (!outcome.counts.tables.empty()) json = CountsJson(outcome.counts);
  Result<PgResult> r = (*c)->Prepared(
      "finish_run",
      "UPDATE " + Q("etl_runs") + " SET finished_at = clock_timestamp(), status = $1, inserted = $2, updated = $3, "
      "unchanged = $4, rejected = $5, table_counts = $6::json, export_id = $7::uuid, error = $8 WHERE id = $9",
      {RunStatusName(outcome.status), std::to_string(root.inserted), std::to_string(root.updated),
       std::to_string(root.unchanged), std::to_string(outcome.counts.rejected), json, OrNull(outcome.export_id),
       OrNull(outcome.error), std::to_string(run_id)});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<RunRecord>> PostgresSink::RecentRuns(int limit) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Query(
      "SELECT id, entity, command, " + Ts("started_at") + ", " + Ts("finished_at") +
      ", status, inserted, updated, unchanged, rejected, coalesce(table_counts::text, ''), "
      "coalesce(export_id::text, ''), coalesce(error, ''), connection FROM " + Q("etl_runs") +
      " ORDER BY id DESC LIMIT $1",
      {std::to_string(limit)});
  if (!r.ok()) return r.status();
  std::vector<RunRecord> out;
  for (int i = 0; i < r->rows(); ++i) {
    RunRecord x;
    x.id = r->integer(i, 0);
    x.entity = r->text(i, 1);
    x.command = r->text(i, 2);
    x.started_at = CanonicalTimestampOr(r->text(i, 3));
    x.finished_at = CanonicalTimestampOr(r->text(i, 4));
    x.status = r->text(i, 5);
    x.inserted = r->integer(i, 6);
    x.updated = r->integer(i, 7);
    x.unchanged = r->integer(i, 8);
    x.rejected = r->integer(i, 9);
    x.table_counts_json = r->text(i, 10);
    x.export_id = r->text(i, 11);
    x.error = r->text(i, 12);
    x.connection = r->text(i, 13);
    out.push_back(std::move(x));
  }
  return out;
}

Status PostgresSink::SaveExport(const ExportRecord& x) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Prepared(
      "save_export",
      "INSERT INTO " + Q("etl_exports") + " (id, entity, status, scope, filters, window_start, window_end, "
      "full_export, file_count, total_bytes, expires_utc, created_at, updated_at, connection) VALUES ($1::uuid, "
      "$2, $3, $4::json, $5::json, $6, $7, $8::boolean, $9, $10, $11::timestamptz, coalesce($12::timestamptz, "
      "now()), now(), $13) ON CONFLICT (id) DO UPDATE SET entity = EXCLUDED.entity, status = EXCLUDED.status, scope = "
      "EXCLUDED.scope, filters = EXCLUDED.filters, window_start = EXCLUDED.window_start, window_end = "
      "EXCLUDED.window_end, full_export = EXCLUDED.full_export, file_count = EXCLUDED.file_count, total_bytes = "
      "EXCLUDED.total_bytes, expires_utc = EXCLUDED.expires_utc, created_at = EXCLUDED.created_at, "
      "updated_at = EXCLUDED.updated_at",
      {x.id, x.entity, x.status, OrNull(x.scope_json == "null" ? "" : x.scope_json),
       OrNull(x.filters_json == "null" ? "" : x.filters_json), OrNull(x.window_start), OrNull(x.window_end),
       std::string(x.full ? "true" : "false"), std::to_string(x.file_count), std::to_string(x.total_bytes),
       OrNull(x.expires_utc), OrNull(x.created_at), connection_});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<ExportRecord>> PostgresSink::QueryExports(const std::string& entity, bool own) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Query(
      "SELECT id::text, entity, status, coalesce(scope::text, 'null'), coalesce(filters::text, 'null'), "
      "coalesce(window_start, ''), coalesce(window_end, ''), full_export, file_count, total_bytes, " +
      Ts("expires_utc") + ", " + Ts("created_at") + ", connection FROM " + Q("etl_exports") +
      " WHERE status NOT IN ('Loaded', 'Failed', 'Expired') AND ($1 = '' OR entity = $1) AND ($2 = '' OR "
      "connection = $2) ORDER BY created_at DESC, id", {entity, own ? connection_ : std::string()});
  if (!r.ok()) return r.status();
  std::vector<ExportRecord> out;
  for (int i = 0; i < r->rows(); ++i) {
    ExportRecord x;
    x.id = r->text(i, 0);
    x.entity = r->text(i, 1);
    x.status = r->text(i, 2);
    x.scope_json = r->text(i, 3);
    x.filters_json = r->text(i, 4);
    x.window_start = r->text(i, 5);
    x.window_end = r->text(i, 6);
    x.full = r->text(i, 7) == "t";
    x.file_count = static_cast<int>(r->integer(i, 8));
    x.total_bytes = r->integer(i, 9);
    x.expires_utc = CanonicalTimestampOr(r->text(i, 10));
    x.created_at = CanonicalTimestampOr(r->text(i, 11));
    x.connection = r->text(i, 12);
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<ExportRecord>> PostgresSink::OpenExports(const std::string& entity) {
  return QueryExports(entity, true);
}

Result<std::vector<ExportRecord>> PostgresSink::ListOpenExports() { return QueryExports("", false); }

Status PostgresSink::UpsertWatermark(PgConn* conn, const Watermark& w) {
  Result<PgResult> r = conn->Prepared(
      "upsert_watermark",
      "INSERT INTO " + Q("etl_watermarks") + " (entity, kind, value, updated_at, connection) VALUES ($1, $2, $3, "
      "now(), $4) ON CONFLICT (connection, entity, kind) DO UPDATE SET value = EXCLUDED.value, updated_at = "
      "EXCLUDED.updated_at", {w.entity, w.kind, w.value, connection_});
  return r.ok() ? Status::Ok() : r.status();
}

Status PostgresSink::SetWatermark(const Watermark& watermark) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  return UpsertWatermark(*c, watermark);
}

Result<std::optional<Watermark>> PostgresSink::GetWatermark(const std::string& entity, const std::string& kind) {
  return FindWatermark(ListWatermarks(), connection_, entity, kind);
}

Result<std::vector<Watermark>> PostgresSink::ListWatermarks() {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Query("SELECT entity, kind, value, " + Ts("updated_at") + ", connection FROM " +
                                   Q("etl_watermarks") + " ORDER BY connection, entity, kind");
  if (!r.ok()) return r.status();
  std::vector<Watermark> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back(Watermark{r->text(i, 0), r->text(i, 1), r->text(i, 2), CanonicalTimestampOr(r->text(i, 3)), r->text(i, 4)});
  }
  return out;
}

Result<ClaimOutcome> PostgresSink::ClaimConnection(const std::string& fingerprint, const std::string& api_host,
                                                   bool rebind, bool write) {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  PgConn& db = **c;
  // A pqxx::work of the state connection (never one with a load open: StateConn gives a second one then).
  MEWS_RETURN_IF_ERROR(db.Begin());
  Result<ClaimOutcome> out = [&]() -> Result<ClaimOutcome> {
    // Two first runs of one name at once: the second waits and then sees the first one's row.
    Result<PgResult> lock = db.Query("SELECT pg_advisory_xact_lock(hashtextextended($1, 2))",
                                     {schema_ + ".connection." + connection_});
    if (!lock.ok()) return lock.status();
    Result<PgResult> got = db.Query("SELECT fingerprint FROM " + Q("etl_connections") + " WHERE name = $1",
                                    {connection_});
    if (!got.ok()) return got.status();
    const bool found = got->rows() > 0;
    ClaimOutcome outcome = !found ? ClaimOutcome::kFirstUse
                           : got->text(0, 0) == fingerprint ? ClaimOutcome::kMatched
                           : rebind ? ClaimOutcome::kRebound : ClaimOutcome::kMismatch;
    if (outcome == ClaimOutcome::kMismatch || !write) return outcome;
    Result<PgResult> put = db.Query(
        "INSERT INTO " + Q("etl_connections") + " (name, fingerprint, api_host, first_used_at, last_used_at) "
        "VALUES ($1, $2, $3, now(), now()) ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
        "api_host = EXCLUDED.api_host, last_used_at = EXCLUDED.last_used_at", {connection_, fingerprint, api_host});
    if (!put.ok()) return put.status();
    return outcome;
  }();
  Status s = out.ok() ? db.Commit() : out.status();
  if (!s.ok()) {
    db.Rollback();
    return s;
  }
  return out;
}

Result<std::vector<ConnectionRecord>> PostgresSink::ListConnections() {
  Result<PgConn*> c = StateConn();
  if (!c.ok()) return c.status();
  Result<PgResult> r = (*c)->Query("SELECT name, fingerprint, api_host, " + Ts("first_used_at") + ", " +
                                   Ts("last_used_at") + " FROM " + Q("etl_connections") + " ORDER BY name");
  if (!r.ok()) return r.status();
  std::vector<ConnectionRecord> out;
  for (int i = 0; i < r->rows(); ++i) {
    out.push_back(ConnectionRecord{r->text(i, 0), r->text(i, 1), r->text(i, 2), CanonicalTimestampOr(r->text(i, 3)),
                                   CanonicalTimestampOr(r->text(i, 4))});
  }
  return out;
}

}  // namespace mews
