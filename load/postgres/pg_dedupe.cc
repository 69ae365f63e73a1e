// PostgresSink's duplicate ids: a record may come more than once in one load (an export holds
// several versions of it). The ids staged so far pass a Bloom filter, so that the search for repeated
// ids at the merge looks at the few the filter may have seen before, or at none.
#include <string>
#include <unordered_set>

#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

bool PostgresSink::NoteStagedId(std::string_view id) {
  LoadState& l = *load_;
  if (!l.staged_ids->TestAndAdd(id)) return false;
  if (l.maybe_repeated.size() <= kMaybeRepeatedMax) l.maybe_repeated.emplace_back(id);
  return true;
}

// Stages the spilled records (pg_skip.cc) whose id may have come again in the load: those among the
// ids that may repeat, or all of them once there are too many such ids to list. Every later record
// of a spilled record's id is among those ids (the spilled record was the first of its id, and the
// Bloom filter has no false negatives), so Dedupe sees every repeated id with all its records.
Status PostgresSink::StageSpilledRepeats() {
  LoadState& l = *load_;
  if (!l.skip_spill || l.maybe_repeated.empty()) return Status::Ok();
  const bool all = l.maybe_repeated.size() > kMaybeRepeatedMax;
  std::unordered_set<std::string> keys;  // as a spilled line starts: COPY text, then a tab
  for (size_t i = 0; !all && i < l.maybe_repeated.size(); ++i) {
    std::string key;
    AppendCopyText(l.maybe_repeated[i], &key);
    keys.insert(key + '\t');
  }
  return CopySpilled(l.skip_spill.get(), StagingName(0), SkippedColumns(*l.mapping), [&](std::string_view line) {
    return all || keys.count(std::string(line.substr(0, line.find('\t') + 1))) > 0;
  });
}

Status PostgresSink::CopySpilled(SpillFile* file, const std::string& table, const std::vector<std::string>& columns,
                                 const std::function<bool(std::string_view)>& keep) {
  std::string out;
  MEWS_RETURN_IF_ERROR(file->ForEachLine([&](std::string_view line) -> Status {
    if (keep && !keep(line)) return Status::Ok();
    out.append(line.data(), line.size());
    out += '\n';
    if (out.size() < kCopyFlushBytes) return Status::Ok();
    Status s = conn_->CopyIn(table, columns, out);
    out.clear();
    return s;
  }));
  return out.empty() ? Status::Ok() : conn_->CopyIn(table, columns, out);
}

std::optional<std::string> PostgresSink::AmongMaybeRepeated(const std::string& column, PgParams* params) const {
  const LoadState& l = *load_;
  if (!l.staged_ids || l.maybe_repeated.size() > kMaybeRepeatedMax) return std::string();
  if (l.maybe_repeated.empty()) return std::nullopt;  // the filter has no false negatives
  const Column& key = l.mapping->root.columns[l.mapping->key_column];
  auto id = [&](size_t i) -> std::string_view { return l.maybe_repeated[i]; };
  params->emplace_back(ArrayLiteral(l.maybe_repeated.size(), id));
  return " AND " + column + " = ANY($" + std::to_string(params->size()) + "::" +
         SqlType(Dialect::kPostgres, key.type) + "[])";
}

// Whether an id was staged twice: among the ids the filter may have seen before, when they are few.
Result<bool> PostgresSink::AnyRepeatedId() {
  PgParams params;
  const std::optional<std::string> among = AmongMaybeRepeated("id", &params);
  if (!among) return false;
  Result<PgResult> dup = conn_->Query("SELECT EXISTS (SELECT 1 FROM _mews_s0 WHERE TRUE" + *among +
                                      " GROUP BY id HAVING count(*) > 1)", params);
  if (!dup.ok()) return dup.status();
  return dup->text(0, 0) == "t";
}

// Keeps one staging row per id: the greatest updated value, the later row on ties. Notes how many
// written and skipped records it removed, and the skipped ones' child rows (CountSkipped).
Status PostgresSink::Dedupe() {
  const EntityMapping& m = *load_->mapping;
  MEWS_RETURN_IF_ERROR(StageSpilledRepeats());
  Result<bool> repeated = AnyRepeatedId();
  if (!repeated.ok()) return repeated.status();
  if (!*repeated) return Status::Ok();
  std::string beats = "b._seq > a._seq";
  if (m.has_updated()) {
    const std::string u = m.root.columns[m.updated_column].name;
    beats = "b." + u + " > a." + u + " OR (a." + u + " IS NULL AND b." + u + " IS NOT NULL) OR (b." + u +
            " IS NOT DISTINCT FROM a." + u + " AND b._seq > a._seq)";
  }
  std::string sums;
  for (size_t k = 1; k <= m.children.size(); ++k) {
    sums += ", coalesce(sum(_kids[" + std::to_string(k) + "]) FILTER (WHERE _skip), 0)";
  }
  Result<PgResult> root = conn_->Query("WITH d AS (DELETE FROM _mews_s0 a USING _mews_s0 b WHERE a.id = b.id AND (" +
                                       beats + ") RETURNING a._skip, a._kids) SELECT count(*) FILTER (WHERE NOT _skip), "
                                       "count(*) FILTER (WHERE _skip)" + sums + " FROM d");
  if (!root.ok()) return root.status();
  LoadState& l = *load_;
  l.deduped_skipped = root->integer(0, 1);
  l.staged[0] -= root->integer(0, 0) + l.deduped_skipped;
  l.deduped_skipped_kids.assign(m.children.size(), 0);
  for (size_t k = 0; k < m.children.size(); ++k) l.deduped_skipped_kids[k] = root->integer(0, static_cast<int>(k + 2));
  for (size_t k = 1; k <= m.children.size(); ++k) {
    Result<PgResult> r = conn_->Query("DELETE FROM " + StagingName(k) +
                                      " c WHERE NOT EXISTS (SELECT 1 FROM _mews_s0 r WHERE r._seq = c._seq)");
    if (!r.ok()) return r.status();
    l.staged[k] -= r->affected();
  }
  return Status::Ok();
}

}  // namespace mews
