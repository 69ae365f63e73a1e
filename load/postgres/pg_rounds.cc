// PostgresSink's merging in rounds (load/README.md, "Merging in rounds"). A re-export of a populated
// table spends most of its time merging, on one core, after its rows have streamed in. Rounds
// merge while they stream: a changed record whose id the load's Bloom filter had certainly not seen
// when it came is, so far, the only copy of its id, and merging it on its own against the stored
// row gives what the merge at the end would (the same row, _loaded_at the transaction's now(), its
// child rows, its counts). Such records are gathered apart, sent to staging tables of their own
// (_mews_r*) and merged there by the flush thread, round after round, with the same statements as
// the end's in-place merge; every other record is staged and merged at the end as before.
//
// Exactness: the one thing that could break it is a later record with the id of a record a round
// merged. Such a record is always maybe-seen (no false negatives), so it is staged in _mews_s0 and
// listed among the ids that may repeat; at the end one query against the ids rounds merged
// (_mews_done) finds it, and the load then rolls back to a savepoint taken before its first round,
// sends again every COPY chunk it had sent since (each kept in a local scratch file) into its own
// staging, stores again the rejects it had stored since, and merges as if rounds had never run.
// A maybe-seen id that may be a round's stops further rounds, which bounds that waste.
#include <algorithm>

#include "load/common.h"
#include "load/postgres/pg_load.h"

namespace mews {

// Rounds only where nothing needs every record at once and the end's merge would be in place: not
// into a table empty at Begin (the direct path), not in a full snapshot, and only while the
// records merged stay under a share of the table's rows and the changed records under a share of
// the load's (beyond either, the end's bulk path is cheaper than merging in place).
void PostgresSink::PlanRounds(double table_rows) {
  LoadState& l = *load_;
  RoundState& r = l.rounds;
  const SinkOptions::Rounds& o = round_options_;
  const size_t tables = l.mapping->children.size() + 1;
  r.max_records = o.max_table_share < 0 ? -1 : static_cast<int64_t>(o.max_table_share * std::max(table_rows, 0.0));
  r.on = !l.empty_at_begin && !l.direct && l.staged_ids && !l.context.full_snapshot && o.first_after_bytes >= 0 &&
         r.max_records != 0;
  r.text.resize(tables);
  r.pending.assign(tables, 0);
  r.merged.assign(tables, 0);
  r.counts.assign(tables, TableCounts{});
}

// Not once a lookup met stored rows without a hash (BackfillHashes reads the whole load at the
// end), nor without the lookups' own session (on the load's, a lookup would see what rounds wrote).
bool PostgresSink::TakeRound(std::string_view id, bool maybe_seen, bool changed) {
  LoadState& l = *load_;
  RoundState& r = l.rounds;
  if (l.unhashed_rows || l.no_lookup_conn) {
    r.on = false;
    return false;
  }
  if (maybe_seen) {
    if (r.ids && r.ids->MayContain(id)) r.on = false;  // maybe a later copy of a round's record
    return false;
  }
  if (!changed || r.gathered < round_options_.first_after_bytes) return false;
  if (!r.ids) r.ids.emplace();
  r.ids->Add(id);
  return true;
}

std::vector<int64_t> PostgresSink::PlanRoundFlush(bool final, bool* savepoint) {
  LoadState& l = *load_;
  RoundState& r = l.rounds;
  *savepoint = false;
  if (r.bytes == 0) return {};
  if (r.on && !final && r.bytes < static_cast<size_t>(round_options_.round_bytes)) return {};  // a later flush's
  const double share = round_options_.max_changed_share;  // of the records so far, those not skipped
  if (share >= 0 && static_cast<double>(l.next_seq - l.skipped) > share * static_cast<double>(l.next_seq)) r.on = false;
  bool now = r.on && !final;
  if (now && !r.begun) {
    for (size_t k = 0; now && k <= r.text.size() + 1; ++k) {  // a file per COPY slot, then the rejects'
      Result<std::unique_ptr<SpillFile>> file = SpillFile::Create();
      if (!file.ok()) now = false;
      else if (k <= r.text.size()) r.replay.push_back(std::move(file.value()));
      else r.rejects = std::move(file.value());
    }
    if (!now) r.replay.clear();
    r.on = now;
    r.begun = *savepoint = now;
  }
  if (!now) {  // the records join the load's own staging
    for (size_t k = 0; k < r.text.size(); ++k) {
      l.copy_text[k] += r.text[k];
      r.text[k].clear();
      l.staged[k] += r.pending[k];
      r.pending[k] = 0;
    }
    l.copy_bytes += r.bytes;
    r.bytes = 0;
    return {};
  }
  std::vector<int64_t> rows = r.pending;
  for (size_t k = 0; k < rows.size(); ++k) {
    r.merged[k] += rows[k];
    r.pending[k] = 0;
  }
  r.bytes = 0;
  if (r.max_records >= 0 && r.merged[0] > r.max_records) r.on = false;
  return rows;
}

// On the flush thread, after the round's records were COPYed into _mews_r*: the end's in-place
// merge of those records alone, then the round's tables emptied for the next.
Status PostgresSink::RunRound(const std::vector<int64_t>& rows) {
  const EntityMapping& m = *load_->mapping;
  const StageSet set{"_mews_r", "_mews_rw", "_mews_rk", &rows};
  LoadCounts counts;
  counts.tables.resize(rows.size());
  MEWS_RETURN_IF_ERROR(MergeRoot(set, &counts));
  MEWS_RETURN_IF_ERROR(AnalyzeStaging(set));
  MEWS_RETURN_IF_ERROR(MergeChildren(set, ChildMerge::kInPlace, &counts));
  std::string sql = "INSERT INTO _mews_done SELECT id FROM _mews_r0; TRUNCATE _mews_rw";
  for (size_t k = 0; k < rows.size(); ++k) sql += ", _mews_r" + std::to_string(k);
  if (!m.children.empty()) sql += "; DROP TABLE _mews_rk";
  MEWS_RETURN_IF_ERROR(conn_->Exec(sql));
  AddCounts(counts.tables, &load_->rounds.counts);
  return Status::Ok();
}

// At the merge, after the last flush: keeps what rounds merged unless a record staged for the end
// has the id of one of them.
Status PostgresSink::SettleRounds() {
  if (!load_->rounds.begun) return Status::Ok();
  PgParams params;
  const std::optional<std::string> among = AmongMaybeRepeated("s.id", &params);
  if (!among) return Status::Ok();  // no id came twice
  Result<PgResult> repeat = conn_->Query(
      "SELECT EXISTS (SELECT 1 FROM _mews_s0 s JOIN _mews_done d ON d.id = s.id WHERE TRUE" + *among + ")", params);
  if (!repeat.ok()) return repeat.status();
  return repeat->text(0, 0) == "t" ? ReplayRounds() : Status::Ok();
}

// Undoes the rounds and everything sent since the first, and sends it again to the load's own
// staging: the merge then sees every record, as if rounds had never run.
Status PostgresSink::ReplayRounds() {
  LoadState& l = *load_;
  RoundState& r = l.rounds;
  const EntityMapping& m = *l.mapping;
  MEWS_RETURN_IF_ERROR(conn_->Exec("ROLLBACK TO SAVEPOINT mews_rounds"));
  for (size_t k = 0; k < r.replay.size(); ++k) {
    const bool skipped = k == r.text.size();  // the slot of records skipped as unchanged
    MEWS_RETURN_IF_ERROR(CopySpilled(r.replay[k].get(), StagingName(skipped ? 0 : k),
                                     skipped ? SkippedColumns(m) : CopyColumns(m, k)));
  }
  MEWS_RETURN_IF_ERROR(CopySpilled(r.rejects.get(), Q("etl_rejects"), RejectColumns()));
  for (size_t k = 0; k < r.merged.size(); ++k) l.staged[k] += r.merged[k];
  r = RoundState{};
  return Status::Ok();
}

std::vector<std::string> RejectColumns() { return {"run_id", "entity", "file", "line", "reason", "raw"}; }

// As a reject's parameters reach the server (C strings: each ends at its first NUL byte).
void AppendRejectLine(int64_t run_id, const std::string& entity, const Reject& reject, std::string* out) {
  AppendInt(run_id, out);
  for (const std::string* field : {&entity, &reject.file}) {
    *out += '\t';
    AppendCopyText(field->c_str(), out);
  }
  *out += '\t';
  AppendInt(static_cast<int64_t>(reject.line), out);
  for (const std::string* field : {&reject.reason, &reject.raw}) {
    *out += '\t';
    AppendCopyText(field->c_str(), out);
  }
}

}  // namespace mews
