// PostgresSink's duplicate ids: a record may come more than once in one load (an export holds
// several versions of it). The ids staged so far pass a Bloom filter, so that the search for repeated
// ids at the merge looks at the few the filter may have seen before, or at none.
#include <string>

#include "load/ddl.h"
#include "load/postgres/pg_load.h"

namespace mews {

// Beyond this many ids that may repeat, Dedupe looks for repeated ids among all staged ones.
constexpr size_t kMaybeRepeatedMax = 10000;

void PostgresSink::NoteStagedId(std::string_view id) {
  LoadState& l = *load_;
  if (l.staged_ids->TestAndAdd(id) && l.maybe_repeated.size() <= kMaybeRepeatedMax) l.maybe_repeated.emplace_back(id);
}

// Whether an id was staged twice: among the ids the filter may have seen before, when they are few.
Result<bool> PostgresSink::AnyRepeatedId() {
  const LoadState& l = *load_;
  std::string among;  // "": every staged id
  PgParams params;
  if (l.staged_ids && l.maybe_repeated.size() <= kMaybeRepeatedMax) {
    if (l.maybe_repeated.empty()) return false;  // the filter has no false negatives
    const Column& key = l.mapping->root.columns[l.mapping->key_column];
    among = " WHERE id = ANY($1::" + std::string(SqlType(Dialect::kPostgres, key.type)) + "[])";
    auto id = [&](size_t i) -> std::string_view { return l.maybe_repeated[i]; };
    params.emplace_back(ArrayLiteral(l.maybe_repeated.size(), id));
  }
  Result<PgResult> dup = conn_->Query("SELECT EXISTS (SELECT 1 FROM _mews_s0" + among + " GROUP BY id HAVING count(*) > 1)",
                                      params);
  if (!dup.ok()) return dup.status();
  return dup->text(0, 0) == "t";
}

// Keeps one staging row per id: the greatest updated value, the later row on ties.
Status PostgresSink::Dedupe() {
  const EntityMapping& m = *load_->mapping;
  Result<bool> repeated = AnyRepeatedId();
  if (!repeated.ok()) return repeated.status();
  if (!*repeated) return Status::Ok();
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

}  // namespace mews
