// PostgresSink's hash skip: before a batch is staged, the stored content hashes of its ids are read,
// and a record whose hash equals its stored row's (a row not marked deleted) is skipped as unchanged.
// The merge never writes it, yet it still takes part in what the contract counts and decides: the
// counts of unchanged rows and child rows (summed here as records pass), duplicates of its id in the
// load (Dedupe), and full-snapshot presence. Such a record is staged as its key, its updated value,
// its _seq and the number of its child rows only when one of those rules needs it at the merge: in a
// full snapshot, or when its id may have come before in the load. Otherwise, being the first of its
// id, it is kept in a local scratch file, and staged at the merge only if its id comes again. A
// re-export where few records changed thus sends only the changed ones.
#include <string>
#include <unordered_map>

#include "load/common.h"
#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

std::vector<std::string> SkippedColumns(const EntityMapping& m) {
  std::vector<std::string> out = {m.root.columns[m.key_column].name};
  if (m.has_updated() && m.updated_column != m.key_column) out.push_back(m.root.columns[m.updated_column].name);
  out.insert(out.end(), {"_seq", "_skip"});
  if (!m.children.empty()) out.push_back("_kids");
  return out;
}

// The lookups run in a session of their own, each statement committing on its own, so that a
// lookup does not wait for the COPY in flight on the load's connection (pg_flush.cc): a re-export
// stages few records, and the batch after a flush was otherwise held up by all of it. Nothing is
// lost by leaving the load's transaction: it is READ COMMITTED, and the only stored rows it writes
// before its merge are those its rounds merge (pg_rounds.cc), which this session does not see: a
// later record of such an id undoes the rounds, and the merge then compares with the row the
// lookup saw. The session holds no lock between statements, so it cannot stand in the way of this
// load's merge. When it cannot be opened, the lookups use the load's connection after the flush,
// as before, and the load does not merge in rounds.
Result<PgConn*> PostgresSink::LookupConn() {
  LoadState& l = *load_;
  if (!l.lookup_conn && !l.no_lookup_conn) {
    Result<std::unique_ptr<PgConn>> c = PgConn::Connect(uri_, conn_->display());
    if (c.ok()) l.lookup_conn = std::move(c.value());
    else l.no_lookup_conn = true;
  }
  if (l.lookup_conn) return l.lookup_conn.get();
  MEWS_RETURN_IF_ERROR(WaitFlush());
  return conn_.get();
}

Status PostgresSink::FindUnchanged(const RowBatch& batch, const std::vector<int64_t>& hashes,
                                   std::vector<char>* unchanged) {
  const EntityMapping& m = *load_->mapping;
  const size_t key = static_cast<size_t>(m.key_column);
  if (batch.rows() == 0) return Status::Ok();
  const std::string type = SqlType(Dialect::kPostgres, m.root.columns[key].type);
  Result<PgConn*> conn = LookupConn();
  if (!conn.ok()) return conn.status();
  // Prepared once per connection and table: PostgreSQL then plans it once, where an unnamed
  // statement was planned again for every batch, each of its hundreds of ids estimated.
  Result<PgResult> stored = (*conn)->Prepared(
      "find_hashes " + m.root.name,
      "SELECT id::text, _content_hash FROM " + Q(m.root.name) + " WHERE id = ANY($1::" + type +
          "[]) AND _deleted_at IS NULL",
      {ArrayLiteral(batch.rows(), [&](size_t r) { return batch.root().text(r, key); })});
  if (!stored.ok()) return stored.status();
  std::unordered_map<std::string, int64_t> hash_of;
  for (int i = 0; i < stored->rows(); ++i) {
    if (stored->null(i, 1)) {
      load_->unhashed_rows = true;  // written before hashes existed: BackfillHashes
      continue;
    }
    hash_of.emplace(stored->text(i, 0), stored->integer(i, 1));
  }
  for (size_t r = 0; r < batch.rows(); ++r) {
    auto it = hash_of.find(std::string(batch.root().text(r, key)));
    (*unchanged)[r] = it != hash_of.end() && it->second == hashes[r];
  }
  return Status::Ok();
}

namespace {

// Appends the skipped record's staging line (SkippedColumns) to `out`, without its newline.
void AppendSkippedLine(const EntityMapping& m, const RowBatch& batch, size_t row, int64_t seq,
                       const std::vector<std::vector<size_t>>& starts, std::string* out) {
  AppendCopyText(batch.root().text(row, m.key_column), out);
  *out += '\t';
  if (m.has_updated() && m.updated_column != m.key_column) {
    if (batch.root().is_null(row, m.updated_column)) *out += "\\N";
    else AppendCopyText(batch.root().text(row, m.updated_column), out);
    *out += '\t';
  }
  AppendInt(seq, out);
  *out += "\tt";
  AppendCopyKids(starts, row, out);
}

}  // namespace

Status PostgresSink::StageUnchanged(const RowBatch& batch, size_t row, int64_t seq, bool first_of_id,
                                    const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  if (first_of_id && !l.context.full_snapshot && !l.no_spill && !l.skip_spill) {
    Result<std::unique_ptr<SpillFile>> spill = SpillFile::Create();
    if (spill.ok()) l.skip_spill = std::move(spill.value());
    else l.no_spill = true;  // without a scratch file, every skipped record is staged
  }
  ++l.staged[0];
  ++l.skipped;
  for (size_t k = 0; k < starts.size(); ++k) l.skipped_kids[k] += static_cast<int64_t>(starts[k][row + 1] - starts[k][row]);
  if (first_of_id && l.skip_spill) {
    l.skip_line.clear();
    AppendSkippedLine(*l.mapping, batch, row, seq, starts, &l.skip_line);
    return l.skip_spill->Append(l.skip_line);
  }
  std::string& buf = l.copy_text.back();
  const size_t before = buf.size();
  AppendSkippedLine(*l.mapping, batch, row, seq, starts, &buf);
  buf += '\n';
  l.copy_bytes += buf.size() - before;
  return Status::Ok();
}

// After Dedupe: the skipped records left count their child rows as unchanged, and the merge plans
// for the records it will write or compare.
void PostgresSink::CountSkipped() {
  LoadState& l = *load_;
  l.merging = l.staged[0] - (l.skipped - l.deduped_skipped);  // the staged records not skipped
  for (size_t k = 0; k < l.skipped_kids.size(); ++k) {
    const int64_t gone = k < l.deduped_skipped_kids.size() ? l.deduped_skipped_kids[k] : 0;
    l.staged[k + 1] += l.skipped_kids[k] - gone;
  }
}

// Rows written before content hashes existed get the hash of a record of this load whose columns
// they equal, without being written (their _loaded_at and counts stay as the contract says), so
// that the next load can skip them. Runs only when the lookups met such a row.
Status PostgresSink::BackfillHashes() {
  if (!load_->unhashed_rows) return Status::Ok();
  const EntityMapping& m = *load_->mapping;
  std::string olds, news;
  for (size_t i = 0; i < m.root.columns.size(); ++i) {
    if (static_cast<int>(i) == m.key_column) continue;
    const Column& c = m.root.columns[i];
    olds += (olds.empty() ? "t." : ", t.") + c.name;
    news += (news.empty() ? "" : ", ") + StagingSelectExpr(c, "s.");
  }
  return conn_->Exec("UPDATE " + Q(m.root.name) + " t SET _content_hash = s._content_hash FROM _mews_s0 s WHERE "
                     "s.id = t.id AND NOT s._skip AND t._content_hash IS NULL AND t._deleted_at IS NULL AND ROW(" +
                     olds + ") IS NOT DISTINCT FROM ROW(" + news + ")");
}

}  // namespace mews
