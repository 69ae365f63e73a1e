// The state of SqliteSink's open load. Internal to load/sqlite.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "load/id_filter.h"
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
};

}  // namespace mews
