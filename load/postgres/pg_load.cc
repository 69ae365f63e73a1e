// PostgresSink's load path: COPY into staging, then set-based merges at Commit.
#include <charconv>
#include <vector>

#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

std::string StagingName(size_t k) { return "_mews_s" + std::to_string(k); }

std::string StagingSelectExpr(const Column& c, const std::string& prefix) {
  const std::string v = prefix + c.name;
  if (c.type != ColumnType::kDuration) return v;
  return "CASE WHEN " + v + " LIKE '-%' THEN -(substr(" + v + ", 2)::interval) ELSE " + v + "::interval END";
}

namespace {

// Staging keeps durations as text: PostgreSQL's interval input refuses ISO 8601's leading "-P".
const char* StagingType(const Column& c) {
  return c.type == ColumnType::kDuration ? "text" : SqlType(Dialect::kPostgres, c.type);
}

std::string StagingDdl(const Table& t, size_t k) {
  std::string sql = "CREATE TEMP TABLE " + StagingName(k) + " (";
  for (const Column& c : t.columns) sql += c.name + " " + StagingType(c) + ", ";
  return sql + "_seq bigint NOT NULL) ON COMMIT DROP";
}

std::vector<std::string> CopyColumns(const Table& t) {
  std::vector<std::string> out;
  for (const Column& c : t.columns) out.push_back(c.name);
  out.push_back("_seq");
  return out;
}

void AppendEscaped(std::string_view text, std::string* out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i], e;
    switch (c) {
      case '\\': e = '\\'; break;
      case '\t': e = 't'; break;
      case '\n': e = 'n'; break;
      case '\r': e = 'r'; break;
      default: continue;
    }
    out->append(text.data() + start, i - start);
    out->push_back('\\');
    out->push_back(e);
    start = i + 1;
  }
  out->append(text.data() + start, text.size() - start);
}

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, res.ptr - buf);
}

// One row in COPY text format, its _seq last.
void AppendRow(const TableRows& rows, size_t row, int64_t seq, std::string* out) {
  for (size_t c = 0; c < rows.width(); ++c) {
    const Cell& cell = rows.cell(row, c);
    switch (cell.kind) {
      case Cell::kNull: out->append("\\N"); break;
      case Cell::kInt: AppendInt(static_cast<int64_t>(cell.bits), out); break;
      case Cell::kBool: out->push_back(cell.bits ? 't' : 'f'); break;
      case Cell::kText: AppendEscaped(rows.text(row, c), out); break;
    }
    out->push_back('\t');
  }
  AppendInt(seq, out);
  out->push_back('\n');
}

}  // namespace

Status PostgresSink::OpenLoad(const EntityMapping& mapping, const LoadContext& context) {
  std::string sql = "SET LOCAL work_mem = '256MB'; " + StagingDdl(mapping.root, 0) + "; ";
  for (size_t k = 0; k < mapping.children.size(); ++k) sql += StagingDdl(mapping.children[k], k + 1) + "; ";
  sql += "CREATE TEMP TABLE _mews_w (id " + std::string(StagingType(mapping.root.columns[mapping.key_column])) +
         " NOT NULL, ins boolean NOT NULL) ON COMMIT DROP";  // typed like the key: uuid or text
  MEWS_RETURN_IF_ERROR(conn_->Begin());
  Status s = conn_->Exec(sql);
  if (!s.ok()) {
    conn_->Rollback();
    return s;
  }
  load_ = std::make_unique<LoadState>();
  load_->mapping = &mapping;
  load_->staged.assign(mapping.children.size() + 1, 0);
  load_->copy_text.resize(mapping.children.size() + 1);
  load_->context = context;
  return Status::Ok();
}

// Rows are gathered per staging table and sent in COPYs of several MiB, however small the batches.
constexpr size_t kCopyFlushBytes = size_t{8} << 20;

void PostgresSink::CopyTable(const TableRows& rows, const std::vector<int64_t>& seqs, size_t staging) {
  std::string& buf = load_->copy_text[staging];
  const size_t before = buf.size();
  for (size_t i = 0; i < rows.size(); ++i) AppendRow(rows, i, seqs[i], &buf);
  load_->copy_bytes += buf.size() - before;
  load_->staged[staging] += static_cast<int64_t>(rows.size());
}

Status PostgresSink::FlushCopies() {
  const EntityMapping& m = *load_->mapping;
  for (size_t k = 0; k < load_->copy_text.size(); ++k) {
    std::string& buf = load_->copy_text[k];
    if (buf.empty()) continue;
    MEWS_RETURN_IF_ERROR(conn_->CopyIn(StagingName(k), CopyColumns(k == 0 ? m.root : m.children[k - 1]), buf));
    buf.clear();
    if (buf.capacity() > 2 * kCopyFlushBytes) std::string().swap(buf);  // one huge batch must not pin memory
  }
  load_->copy_bytes = 0;
  return Status::Ok();
}

Status PostgresSink::StageBatch(const RowBatch& batch) {
  std::vector<std::vector<size_t>> starts;
  MEWS_RETURN_IF_ERROR(ChildRowStarts(batch, &starts));
  const int64_t base = load_->next_seq;
  std::vector<int64_t> seqs(batch.rows());
  for (size_t r = 0; r < seqs.size(); ++r) seqs[r] = base + static_cast<int64_t>(r);
  CopyTable(batch.root(), seqs, 0);
  for (size_t k = 0; k < batch.children().size(); ++k) {
    std::vector<int64_t> child_seqs(batch.children()[k].size());
    for (size_t r = 0; r < batch.rows(); ++r) {
      for (size_t i = starts[k][r]; i < starts[k][r + 1]; ++i) child_seqs[i] = base + static_cast<int64_t>(r);
    }
    CopyTable(batch.children()[k], child_seqs, k + 1);
  }
  load_->next_seq += static_cast<int64_t>(batch.rows());
  return load_->copy_bytes >= kCopyFlushBytes ? FlushCopies() : Status::Ok();
}

Status PostgresSink::StageReject(const Reject& reject) {
  Result<PgResult> r = conn_->Prepared("add_reject", "INSERT INTO " + Q("etl_rejects") +
                                        " (run_id, entity, file, line, reason, raw) VALUES ($1, $2, $3, $4, $5, $6)",
                                    {std::to_string(load_->context.run_id), load_->mapping->entity, reject.file,
                                     std::to_string(reject.line), reject.reason, reject.raw});
  return r.ok() ? Status::Ok() : r.status();
}

// Keeps one staging row per id: the greatest updated value, the later row on ties.
Status PostgresSink::Dedupe() {
  const EntityMapping& m = *load_->mapping;
  Result<PgResult> dup = conn_->Query("SELECT EXISTS (SELECT 1 FROM _mews_s0 GROUP BY id HAVING count(*) > 1)");
  if (!dup.ok()) return dup.status();
  if (dup->text(0, 0) != "t") return Status::Ok();
  std::string beats = "b._seq > a._seq";
  if (m.has_updated()) {
    const std::string u = m.root.columns[m.updated_column].name;
    beats = "b." + u + " > a." + u + " OR (a." + u + " IS NULL AND b." + u + " IS NOT NULL) OR (b." + u +
            " IS NOT DISTINCT FROM a." + u + " AND b._seq > a._seq)";
  }
  std::vector<std::string> sql = {"DELETE FROM _mews_s0 a USING _mews_s0 b WHERE a.id = b.id AND (" + beats + ")"};
  for (size_t k = 1; k <= m.children.size(); ++k) {
    sql.push_back("DELETE FROM " + StagingName(k) + " c WHERE NOT EXISTS (SELECT 1 FROM _mews_s0 r WHERE r._seq = c._seq)");
  }
  for (size_t k = 0; k < sql.size(); ++k) {
    Result<PgResult> r = conn_->Query(sql[k]);
    if (!r.ok()) return r.status();
    load_->staged[k] -= r->affected();
  }
  return Status::Ok();
}

Status PostgresSink::Merge(LoadCounts* counts) {
  MEWS_RETURN_IF_ERROR(Dedupe());
  Result<ChildMerge> mode = PlanMerge();
  if (!mode.ok()) return mode.status();
  std::vector<std::string> restore;
  if (*mode != ChildMerge::kInPlace) {
    Result<std::vector<std::string>> r = SetAsideForBulk(*mode == ChildMerge::kInsert);
    if (!r.ok()) return r.status();
    restore = std::move(r.value());
  }
  MEWS_RETURN_IF_ERROR(MergeRoot(counts));
  MEWS_RETURN_IF_ERROR(MergeChildren(*mode, counts));
  return Restore(restore);
}

Status PostgresSink::MergeRoot(LoadCounts* counts) {
  const EntityMapping& m = *load_->mapping;
  const Table& t = m.root;
  std::string cols, exprs, set, old_row, new_row;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    cols += c.name + ", ";
    exprs += StagingSelectExpr(c, "") + ", ";
    if (static_cast<int>(i) == m.key_column) continue;
    set += c.name + " = EXCLUDED." + c.name + ", ";
    old_row += std::string(old_row.empty() ? "" : ", ") + "t." + c.name;
    new_row += std::string(new_row.empty() ? "" : ", ") + "EXCLUDED." + c.name;
  }
  std::string newer = "TRUE";
  if (m.has_updated()) {
    const std::string u = t.columns[m.updated_column].name;
    newer = "(EXCLUDED." + u + " >= t." + u + " OR t." + u + " IS NULL)";
  }
  const std::string sql =
      "WITH w AS (INSERT INTO " + Q(t.name) + " AS t (" + cols + "_export_id, _loaded_at, _connection, _deleted_at) SELECT " +
      exprs + "$1::uuid, now(), $2, NULL FROM _mews_s0 ON CONFLICT (id) DO UPDATE SET " + set +
      "_export_id = EXCLUDED._export_id, _loaded_at = EXCLUDED._loaded_at, _connection = EXCLUDED._connection, "
      "_deleted_at = NULL WHERE (ROW(" +
      old_row + ") IS DISTINCT FROM ROW(" + new_row + ") OR t._deleted_at IS NOT NULL) AND " + newer +
      " RETURNING t.id, (t.xmax::text = '0') AS ins), x AS (INSERT INTO _mews_w SELECT id, ins FROM w) "
      "SELECT count(*) FILTER (WHERE ins), count(*) FILTER (WHERE NOT ins) FROM w";
  Result<PgResult> n = conn_->Query(sql, {load_->context.export_id, load_->context.connection});
  if (!n.ok()) return n.status();
  TableCounts& root = counts->tables[0];
  root.inserted = n->integer(0, 0);
  root.updated = n->integer(0, 1);
  root.unchanged = load_->staged[0] - root.inserted - root.updated;
  return Status::Ok();
}

// Children of written parents are replaced whole (pg_children.cc).
Status PostgresSink::MergeChildren(ChildMerge mode, LoadCounts* counts) {
  for (size_t k = 0; k < load_->mapping->children.size(); ++k) {
    MEWS_RETURN_IF_ERROR(MergeChild(k, mode, &counts->tables[k + 1]));
  }
  return Status::Ok();
}

// Full snapshot: present rows marked deleted come back (updated); absent rows are marked.
Status PostgresSink::FinishSnapshot(LoadCounts* counts) {
  const std::string t = Q(load_->mapping->root.name);
  Result<PgResult> back = conn_->Query("UPDATE " + t + " SET _deleted_at = NULL WHERE _deleted_at IS NOT NULL AND "
                                       "id IN (SELECT id FROM _mews_s0)");
  if (!back.ok()) return back.status();
  Result<PgResult> gone = conn_->Query("UPDATE " + t + " AS t SET _deleted_at = now() WHERE _deleted_at IS NULL AND "
                                       "_connection = $1 AND NOT EXISTS (SELECT 1 FROM _mews_s0 s WHERE s.id = t.id)",
                                       {load_->context.connection});
  if (!gone.ok()) return gone.status();
  TableCounts& root = counts->tables[0];
  root.updated += back->affected();
  root.unchanged -= back->affected();
  root.deleted = gone->affected();
  return Status::Ok();
}

Result<LoadCounts> PostgresSink::MergeLoad() {
  LoadCounts counts;
  counts.tables.push_back(TableCounts{load_->mapping->root.name});
  for (const Table& c : load_->mapping->children) counts.tables.push_back(TableCounts{c.name});
  MEWS_RETURN_IF_ERROR(FlushCopies());
  MEWS_RETURN_IF_ERROR(Merge(&counts));
  if (load_->context.full_snapshot) MEWS_RETURN_IF_ERROR(FinishSnapshot(&counts));
  return counts;
}

Status PostgresSink::MarkExportLoaded(const std::string& export_id) {
  Result<PgResult> r = conn_->Query("UPDATE " + Q("etl_exports") + " SET status = 'Loaded', updated_at = now() "
                                    "WHERE id = $1::uuid", {export_id});
  return r.ok() ? Status::Ok() : r.status();
}

Status PostgresSink::CommitLoad() {
  MEWS_RETURN_IF_ERROR(conn_->Commit());
  load_.reset();
  return Status::Ok();
}

Status PostgresSink::RollbackLoad() {
  load_.reset();
  conn_->Rollback();
  return Status::Ok();
}

}  // namespace mews
