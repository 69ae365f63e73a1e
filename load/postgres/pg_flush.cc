// PostgresSink's COPY flushes, sent while the load goes on. The writing thread gathers COPY text
// per staging (or, on the direct path, final) table; once it holds several MiB, a thread of its own
// sends it on the load's connection, and the writing thread goes on gathering the next batches'
// text: the server ingests one chunk while the client prepares the next. The same thread merges a
// round's records after sending them (pg_rounds.cc). Anything else on the connection (a reject, the
// merge) waits for the flush first; a batch's hash lookup has a session of its own (pg_skip.cc) and
// waits only when that could not be opened. A flush's failure is returned by that wait, and the
// load then rolls back as it did when the flush was synchronous.
#include "load/postgres/pg_load.h"

namespace mews {

Status PostgresSink::StartFlush(bool final) {
  MEWS_RETURN_IF_ERROR(WaitFlush());
  LoadState& l = *load_;
  bool savepoint = false;
  std::vector<int64_t> round_rows = PlanRoundFlush(final, &savepoint);
  if (l.copy_bytes == 0 && round_rows.empty()) return Status::Ok();
  l.rounds.gathered += static_cast<int64_t>(l.copy_bytes);
  flushing_text_.resize(l.copy_text.size());
  for (size_t k = 0; k < l.copy_text.size(); ++k) {
    flushing_text_[k].clear();
    flushing_text_[k].swap(l.copy_text[k]);  // the emptied buffer of the last flush is reused
  }
  flushing_round_.resize(l.rounds.text.size());
  for (size_t k = 0; !round_rows.empty() && k < l.rounds.text.size(); ++k) {
    flushing_round_[k].clear();
    flushing_round_[k].swap(l.rounds.text[k]);
  }
  l.copy_bytes = 0;
  const bool replay = l.rounds.begun;
  flusher_ = std::thread([this, savepoint, replay, round_rows = std::move(round_rows)] {
    flush_status_ = SendChunks(savepoint, replay, round_rows);
  });
  return Status::Ok();
}

// Sends the chunks of flushing_text_ (and, when `round_rows` is not empty, merges the round in
// flushing_round_), after taking the rounds' savepoint if `savepoint`; a copy of each chunk of the
// load's own goes to the rounds' replay files when `replay`, and of each round chunk always.
Status PostgresSink::SendChunks(bool savepoint, bool replay, const std::vector<int64_t>& round_rows) {
  const EntityMapping& m = *load_->mapping;
  const size_t kids = m.children.size();
  if (savepoint) {
    std::string sql = "SAVEPOINT mews_rounds; " + WrittenDdl(m, "_mews_rw") + "; " + IdsDdl(m, "_mews_done");
    for (size_t k = 0; k <= kids; ++k) {
      sql += "; " + StagingDdl(k == 0 ? m.root : m.children[k - 1], k, "_mews_r" + std::to_string(k));
    }
    MEWS_RETURN_IF_ERROR(conn_->Exec(sql));
  }
  for (size_t k = 0; k < flushing_text_.size(); ++k) {
    if (k == kids + 1) {
      MEWS_RETURN_IF_ERROR(SendChunk(k, replay, StagingName(0), SkippedColumns(m), &flushing_text_[k]));
    } else if (k >= kids + 2) {
      const size_t t = k - kids - 2;  // a final table of the direct path
      const std::string table = Q(t == 0 ? m.root.name : m.children[t - 1].name);
      MEWS_RETURN_IF_ERROR(SendChunk(k, replay, table, DirectColumns(m, t), &flushing_text_[k], load_->freeze));
    } else {
      MEWS_RETURN_IF_ERROR(SendChunk(k, replay, StagingName(k), CopyColumns(m, k), &flushing_text_[k]));
    }
  }
  if (round_rows.empty()) return Status::Ok();
  for (size_t k = 0; k < flushing_round_.size(); ++k) {  // replayed into the load's own staging
    MEWS_RETURN_IF_ERROR(SendChunk(k, true, "_mews_r" + std::to_string(k), CopyColumns(m, k), &flushing_round_[k]));
  }
  return RunRound(round_rows);
}

// COPYs `*buf` (if not empty) into `table` (with FREEZE if `freeze`), first appending it to replay
// file `slot` if `replay`; a buffer grown far past a flush's size is released, so one huge batch
// does not pin memory.
Status PostgresSink::SendChunk(size_t slot, bool replay, const std::string& table,
                               const std::vector<std::string>& columns, std::string* buf, bool freeze) {
  if (buf->empty()) return Status::Ok();
  if (replay) MEWS_RETURN_IF_ERROR(load_->rounds.replay[slot]->AppendLines(*buf));
  Status s = conn_->CopyIn(table, columns, *buf, freeze);
  if (buf->capacity() > 2 * kCopyFlushBytes) std::string().swap(*buf);
  return s;
}

Status PostgresSink::WaitFlush() {
  if (!flusher_.joinable()) return Status::Ok();
  flusher_.join();
  Status s = flush_status_;
  flush_status_ = Status::Ok();
  return s;
}

}  // namespace mews
