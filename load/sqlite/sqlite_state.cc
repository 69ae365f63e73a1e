// SqliteSink: the run state tables (etl_runs, etl_exports, etl_watermarks).
#include "load/common.h"
#include "load/sqlite/sqlite_load.h"

namespace mews {
namespace {

void BindOptionalText(SqliteStmt* q, int index, const std::string& text) {
  if (text.empty()) q->BindNull(index);
  else q->BindText(index, text);
}

constexpr const char* kExportColumns =
    "id, entity, status, coalesce(scope, 'null'), coalesce(filters, 'null'), coalesce(window_start, ''), "
    "coalesce(window_end, ''), full_export, file_count, total_bytes, coalesce(expires_utc, ''), created_at, "
    "connection";

ExportRecord ReadExport(const SqliteStmt& q) {
  ExportRecord r;
  r.id = q.ColumnText(0);
  r.entity = q.ColumnText(1);
  r.status = q.ColumnText(2);
  r.scope_json = q.ColumnText(3);
  r.filters_json = q.ColumnText(4);
  r.window_start = q.ColumnText(5);
  r.window_end = q.ColumnText(6);
  r.full = q.ColumnInt(7) != 0;
  r.file_count = static_cast<int>(q.ColumnInt(8));
  r.total_bytes = q.ColumnInt(9);
  r.expires_utc = q.ColumnText(10);
  r.created_at = q.ColumnText(11);
  r.connection = q.ColumnText(12);
  return r;
}

}  // namespace

Result<int64_t> SqliteSink::StartRun(const std::string& entity, const std::string& command) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("StartRun"));
  Result<SqliteStmt> q = db_.Prepare(
      "INSERT INTO etl_runs (entity, command, started_at, status, connection) VALUES (?1, ?2, ?3, 'running', ?4)");
  if (!q.ok()) return q.status();
  q->BindText(4, connection_);
  q->BindText(1, entity);
  q->BindText(2, command);
  const std::string now = Clock::System()->NowTimestamp();
  q->BindText(3, now);
  MEWS_RETURN_IF_ERROR(q->Run());
  return db_.LastRowId();
}

Status SqliteSink::FinishRun(int64_t run_id, const RunOutcome& outcome) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("FinishRun"));
  Result<SqliteStmt> q = db_.Prepare(
      "UPDATE etl_runs SET finished_at = ?1, status = ?2, inserted = ?3, updated = ?4, unchanged = ?5, "
      "rejected = ?6, table_counts = ?7, export_id = ?8, error = ?9 WHERE id = ?10");
  if (!q.ok()) return q.status();
  const std::string now = Clock::System()->NowTimestamp();
  const std::string json = outcome.counts.tables.empty() ? "" : CountsJson(outcome.counts);
  q->BindText(1, now);
  q->BindText(2, RunStatusName(outcome.status));
  const TableCounts zero;
  const TableCounts& root = outcome.counts.tables.empty() ? zero : outcome.counts.root();
  q->BindInt(3, root.inserted);
  q->BindInt(4, root.updated);
  q->BindInt(5, root.unchanged);
  q->BindInt(6, outcome.counts.rejected);
  BindOptionalText(&*q, 7, json);
  BindOptionalText(&*q, 8, outcome.export_id);
  BindOptionalText(&*q, 9, outcome.error);
  q->BindInt(10, run_id);
  return q->Run();
}

Result<std::vector<RunRecord>> SqliteSink::RecentRuns(int limit) {
  Result<SqliteStmt> q = db_.Prepare(
      "SELECT id, entity, command, started_at, coalesce(finished_at, ''), status, inserted, updated, unchanged, "
      "rejected, coalesce(table_counts, ''), coalesce(export_id, ''), coalesce(error, ''), connection FROM etl_runs "
      "ORDER BY id DESC LIMIT ?1");
  if (!q.ok()) return q.status();
  q->BindInt(1, limit);
  std::vector<RunRecord> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    RunRecord r;
    r.id = q->ColumnInt(0);
    r.entity = q->ColumnText(1);
    r.command = q->ColumnText(2);
    r.started_at = q->ColumnText(3);
    r.finished_at = q->ColumnText(4);
    r.status = q->ColumnText(5);
    r.inserted = q->ColumnInt(6);
    r.updated = q->ColumnInt(7);
    r.unchanged = q->ColumnInt(8);
    r.rejected = q->ColumnInt(9);
    r.table_counts_json = q->ColumnText(10);
    r.export_id = q->ColumnText(11);
    r.error = q->ColumnText(12);
    r.connection = q->ColumnText(13);
    out.push_back(std::move(r));
  }
  return out;
}

Status SqliteSink::SaveExport(const ExportRecord& r) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("SaveExport"));
  Result<SqliteStmt> q = db_.Prepare(
      "INSERT OR REPLACE INTO etl_exports (id, entity, status, scope, filters, window_start, window_end, "
      "full_export, file_count, total_bytes, expires_utc, created_at, updated_at, connection) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!q.ok()) return q.status();
  const std::string now = Clock::System()->NowTimestamp();
  q->BindText(1, r.id);
  q->BindText(2, r.entity);
  q->BindText(3, r.status);
  BindOptionalText(&*q, 4, r.scope_json == "null" ? "" : r.scope_json);
  BindOptionalText(&*q, 5, r.filters_json == "null" ? "" : r.filters_json);
  BindOptionalText(&*q, 6, r.window_start);
  BindOptionalText(&*q, 7, r.window_end);
  q->BindInt(8, r.full ? 1 : 0);
  q->BindInt(9, r.file_count);
  q->BindInt(10, r.total_bytes);
  BindOptionalText(&*q, 11, r.expires_utc);
  q->BindText(12, r.created_at.empty() ? now : r.created_at);
  q->BindText(13, now);
  q->BindText(14, connection_);
  return q->Run();
}

Result<std::vector<ExportRecord>> SqliteSink::QueryExports(const std::string& entity, bool own) {
  Result<SqliteStmt> q = db_.Prepare(std::string("SELECT ") + kExportColumns +
                                     " FROM etl_exports WHERE status NOT IN ('Loaded', 'Failed', 'Expired') "
                                     "AND (?1 = '' OR entity = ?1) AND (?2 = '' OR connection = ?2) "
                                     "ORDER BY created_at DESC, id");
  if (!q.ok()) return q.status();
  q->BindText(1, entity);
  q->BindText(2, own ? connection_ : std::string());
  std::vector<ExportRecord> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ReadExport(*q));
  }
  return out;
}

Result<std::vector<ExportRecord>> SqliteSink::OpenExports(const std::string& entity) {
  return QueryExports(entity, true);
}

Result<std::vector<ExportRecord>> SqliteSink::ListOpenExports() { return QueryExports("", false); }

Status SqliteSink::UpsertWatermark(const Watermark& w) {
  Result<SqliteStmt> q = db_.Prepare(
      "INSERT INTO etl_watermarks (entity, kind, value, updated_at, connection) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (connection, entity, kind) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
  if (!q.ok()) return q.status();
  q->BindText(5, connection_);
  const std::string now = Clock::System()->NowTimestamp();
  q->BindText(1, w.entity);
  q->BindText(2, w.kind);
  q->BindText(3, w.value);
  q->BindText(4, now);
  return q->Run();
}

Status SqliteSink::SetWatermark(const Watermark& watermark) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("SetWatermark"));
  return UpsertWatermark(watermark);
}

Result<std::optional<Watermark>> SqliteSink::GetWatermark(const std::string& entity, const std::string& kind) {
  return FindWatermark(ListWatermarks(), connection_, entity, kind);
}

Result<std::vector<Watermark>> SqliteSink::ListWatermarks() {
  Result<SqliteStmt> q =
      db_.Prepare("SELECT entity, kind, value, updated_at, connection FROM etl_watermarks "
                  "ORDER BY connection, entity, kind");
  if (!q.ok()) return q.status();
  std::vector<Watermark> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(Watermark{q->ColumnText(0), q->ColumnText(1), q->ColumnText(2), q->ColumnText(3),
                            q->ColumnText(4)});
  }
  return out;
}

Result<ClaimOutcome> SqliteSink::ClaimConnection(const std::string& fingerprint, const std::string& api_host,
                                                 bool rebind, bool write) {
  MEWS_RETURN_IF_ERROR(CheckNoLoad("ClaimConnection"));
  MEWS_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  Result<ClaimOutcome> out = [&]() -> Result<ClaimOutcome> {
    Result<SqliteStmt> get = db_.Prepare("SELECT fingerprint FROM etl_connections WHERE name = ?1");
    if (!get.ok()) return get.status();
    get->BindText(1, connection_);
    Result<bool> found = get->Step();
    if (!found.ok()) return found.status();
    const std::string stored = *found ? get->ColumnText(0) : "";
    ClaimOutcome outcome = !*found ? ClaimOutcome::kFirstUse
                           : stored == fingerprint ? ClaimOutcome::kMatched
                           : rebind ? ClaimOutcome::kRebound : ClaimOutcome::kMismatch;
    if (outcome == ClaimOutcome::kMismatch || !write) return outcome;
    Result<SqliteStmt> put = db_.Prepare(
        "INSERT INTO etl_connections (name, fingerprint, api_host, first_used_at, last_used_at) "
        "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, "
        "api_host = excluded.api_host, last_used_at = excluded.last_used_at");
    if (!put.ok()) return put.status();
    put->BindText(1, connection_);
    put->BindText(2, fingerprint);
    put->BindText(3, api_host);
    put->BindText(4, Clock::System()->NowTimestamp());
    MEWS_RETURN_IF_ERROR(put->Run());
    return outcome;
  }();
  Status s = out.ok() ? db_.Exec("COMMIT") : out.status();
  if (!s.ok()) {
    (void)db_.Exec("ROLLBACK");
    return s;
  }
  return out;
}

Result<std::vector<ConnectionRecord>> SqliteSink::ListConnections() {
  Result<SqliteStmt> q = db_.Prepare(
      "SELECT name, fingerprint, api_host, first_used_at, last_used_at FROM etl_connections ORDER BY name");
  if (!q.ok()) return q.status();
  std::vector<ConnectionRecord> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.push_back(ConnectionRecord{q->ColumnText(0), q->ColumnText(1), q->ColumnText(2), q->ColumnText(3),
                                   q->ColumnText(4)});
  }
  return out;
}

}  // namespace mews
