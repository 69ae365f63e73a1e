// PostgresSink's hash skip: before a batch is staged, the stored content hashes of its ids are read,
// and a record whose hash equals its stored row's (a row not marked deleted) is staged as unchanged:
// its key, its updated value, its _seq and the number of its child rows, nothing else. The merge never
// writes it, yet it still takes part in what the contract counts and decides: duplicates of its id in
// the load (Dedupe), the counts of unchanged rows and child rows, and full-snapshot presence. A
// re-export where few records changed thus sends little more than its ids to the merge.
#include <string>
#include <unordered_map>

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

Status PostgresSink::FindUnchanged(const RowBatch& batch, const std::vector<int64_t>& hashes,
                                   std::vector<char>* unchanged) {
  const EntityMapping& m = *load_->mapping;
  const size_t key = static_cast<size_t>(m.key_column);
  if (batch.rows() == 0) return Status::Ok();
  const std::string type = SqlType(Dialect::kPostgres, m.root.columns[key].type);
  // Prepared once per connection and table: PostgreSQL then plans it once, where an unnamed
  // statement was planned again for every batch, each of its hundreds of ids estimated.
  Result<PgResult> stored = conn_->Prepared(
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

void PostgresSink::StageUnchanged(const RowBatch& batch, size_t row, int64_t seq,
                                  const std::vector<std::vector<size_t>>& starts) {
  LoadState& l = *load_;
  const EntityMapping& m = *l.mapping;
  std::string& buf = l.copy_text.back();
  const size_t before = buf.size();
  AppendCopyText(batch.root().text(row, m.key_column), &buf);
  buf += '\t';
  if (m.has_updated() && m.updated_column != m.key_column) {
    if (batch.root().is_null(row, m.updated_column)) buf += "\\N";
    else AppendCopyText(batch.root().text(row, m.updated_column), &buf);
    buf += '\t';
  }
  AppendCopyInt(seq, &buf);
  buf += "\tt";
  AppendCopyKids(starts, row, &buf);
  buf += '\n';
  l.copy_bytes += buf.size() - before;
  ++l.staged[0];
  ++l.skipped;
}

// After Dedupe: the skipped records left count their child rows as unchanged, and the merge plans
// for the records it will write or compare.
Status PostgresSink::CountSkipped() {
  LoadState& l = *load_;
  if (l.skipped == 0) {
    l.merging = l.staged[0];
    return Status::Ok();
  }
  std::string sql = "SELECT count(*) FILTER (WHERE NOT _skip)";
  for (size_t k = 0; k < l.mapping->children.size(); ++k) {
    sql += ", coalesce(sum(_kids[" + std::to_string(k + 1) + "]) FILTER (WHERE _skip), 0)";
  }
  Result<PgResult> r = conn_->Query(sql + " FROM _mews_s0");
  if (!r.ok()) return r.status();
  l.merging = r->integer(0, 0);
  for (size_t k = 0; k < l.mapping->children.size(); ++k) l.staged[k + 1] += r->integer(0, static_cast<int>(k + 1));
  return Status::Ok();
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
