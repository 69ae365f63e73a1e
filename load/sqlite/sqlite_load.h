// The state of SqliteSink's open load. Internal to load/sqlite.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "load/id_filter.h"
#include "load/spill_file.h"
#include "load/sqlite/sqlite_bulk_insert.h"
#include "load/sqlite/sqlite_sink.h"

namespace mews {

// What ApplyRoot did with a record (0: nothing, an older or unchanged row).
constexpr int kApplyNew = 1, kApplyUpdated = 2;

struct SqliteSink::LoadState {
  const EntityMapping* mapping = nullptr;
  LoadContext context;
  std::string loaded_at;
  SqliteStmt lookup, insert, update, update_refs, set_hash, seen_get, seen_put, reject;
  std::vector<SqliteStmt> child_delete, child_insert;
  // The root and child tables were empty when the load began: an id not yet seen in this load has no
  // stored row and no children, so neither is looked up or deleted; `empty` keeps what the load did
  // (sqlite_bulk_insert.cc) instead of temp._mews_seen.
  bool empty_target = false;
  std::unique_ptr<EmptyTargetLoad> empty;
  std::vector<std::string> dropped_indexes;  // CREATE INDEX statements to run again before COMMIT
  // Into a populated target: the ids of the load so far. An id it has certainly not seen has no row
  // in temp._mews_seen, which is then not searched.
  std::optional<IdFilter> ids;
  // Records skipped as unchanged, first of their id, outside a full snapshot (sqlite_skip.cc): not
  // recorded in _mews_seen but counted here, their ids and child counts in a local scratch file.
  std::unique_ptr<SpillFile> skip_spill;
  bool no_spill = false;  // no scratch file could be created: every record is recorded
  int64_t spilled = 0;
  std::vector<int64_t> spilled_kids;  // their rows in each child table
  std::string skip_line;               // scratch for one line
  // Ids recorded in _mews_seen that the filter said may have come before (escaped as in the
  // scratch file): the only ones that can supersede an unrecorded record. Past a limit, not kept.
  std::unordered_set<std::string> repeated;
  bool repeated_overflow = false;
};

}  // namespace mews
