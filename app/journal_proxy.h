// Shares one state connection (run records, export journal) between the sync's threads, and keeps
// journal writes from waiting on a load: SQLite has one writer at a time, so while a load holds it a
// journal write is queued and written right after the load ends (EndLoad). PostgreSQL writes at once.
// Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "load/sink.h"

namespace mews {

class JournalProxy : public ExportJournal {
 public:
  // `state` must outlive the proxy. `single_writer`: the database serializes all writers
  // (SinkCapabilities::single_writer).
  JournalProxy(RunStateStore* state, bool single_writer) : state_(state), single_writer_(single_writer) {}

  Status SaveExport(const ExportRecord& record) override;
  Result<std::vector<ExportRecord>> OpenExports(const std::string& entity) override;

  // Marks a load as open (BeginLoad) or ended (EndLoad, which also writes what was queued).
  void BeginLoad();
  Status EndLoad();

  // Replaces the state store (after a reconnect); `state` must outlive the proxy.
  void Reset(RunStateStore* state);

  // Runs `fn` with the state store, exclusively.
  template <typename Fn>
  auto WithState(Fn fn) {
    std::lock_guard<std::mutex> lock(mu_);
    return fn(*state_);
  }

 private:
  std::mutex mu_;
  RunStateStore* state_;
  bool single_writer_;
  bool load_open_ = false;
  std::vector<ExportRecord> queued_;
};

}  // namespace mews
