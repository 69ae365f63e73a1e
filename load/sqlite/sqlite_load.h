// The state of SqliteSink's open load. Internal to load/sqlite.
#pragma once

#include <string>
#include <vector>

#include "load/sqlite/sqlite_sink.h"

namespace mews {

struct SqliteSink::LoadState {
  const EntityMapping* mapping = nullptr;
  LoadContext context;
  std::string loaded_at;
  SqliteStmt lookup, insert, update, update_refs, set_hash, seen_get, seen_put, reject;
  std::vector<SqliteStmt> child_delete, child_insert;
  // The root and child tables were empty when the load began: an id not yet seen in this load has no
  // stored row and no children, so neither is looked up or deleted.
  bool empty_target = false;
  std::vector<std::string> dropped_indexes;  // CREATE INDEX statements to run again before COMMIT
};

}  // namespace mews
