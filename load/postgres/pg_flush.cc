// PostgresSink's COPY flushes, sent while the load goes on. The writing thread gathers COPY text
// per staging (or, on the direct path, final) table; once it holds several MiB, a thread of its own
// sends it on the load's connection, and the writing thread goes on gathering the next batches'
// text: the server ingests one chunk while the client prepares the next. Anything else on the
// connection (a reject, the merge) waits for the flush first; a batch's hash lookup has a session
// of its own (pg_skip.cc) and waits only when that could not be opened. A flush's
// failure is returned by that wait, and the load then rolls back as it did when the flush was
// synchronous.
#include "load/postgres/pg_load.h"

namespace mews {

Status PostgresSink::StartFlush() {
  MEWS_RETURN_IF_ERROR(WaitFlush());
  LoadState& l = *load_;
  if (l.copy_bytes == 0) return Status::Ok();
  flushing_text_.resize(l.copy_text.size());
  for (size_t k = 0; k < l.copy_text.size(); ++k) {
    flushing_text_[k].clear();
    flushing_text_[k].swap(l.copy_text[k]);  // the emptied buffer of the last flush is reused
  }
  l.copy_bytes = 0;
  const EntityMapping& m = *l.mapping;
  flusher_ = std::thread([this, &m] {
    const size_t kids = m.children.size();
    for (size_t k = 0; k < flushing_text_.size(); ++k) {
      std::string& buf = flushing_text_[k];
      if (buf.empty()) continue;
      Status s;
      if (k == kids + 1) {
        s = conn_->CopyIn(StagingName(0), SkippedColumns(m), buf);
      } else if (k >= kids + 2) {
        const size_t t = k - kids - 2;  // a final table of the direct path
        s = conn_->CopyIn(Q(t == 0 ? m.root.name : m.children[t - 1].name), DirectColumns(m, t), buf);
      } else {
        s = conn_->CopyIn(StagingName(k), CopyColumns(m, k), buf);
      }
      if (buf.capacity() > 2 * kCopyFlushBytes) std::string().swap(buf);  // one huge batch must not pin memory
      if (!s.ok()) {
        flush_status_ = s;
        return;
      }
    }
  });
  return Status::Ok();
}

Status PostgresSink::WaitFlush() {
  if (!flusher_.joinable()) return Status::Ok();
  flusher_.join();
  Status s = flush_status_;
  flush_status_ = Status::Ok();
  return s;
}

}  // namespace mews
