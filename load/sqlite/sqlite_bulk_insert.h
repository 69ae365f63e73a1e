// The state of a SQLite load into empty tables (sqlite_bulk_insert.cc). Internal to load/sqlite.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load/id_filter.h"
#include "load/sqlite/sqlite_db.h"

namespace mews {

// What a load into empty tables remembers instead of a temp table row per id: every id it writes
// counts once as inserted, and a child row counts when it is written and stays.
struct EmptyTargetLoad {
  explicit EmptyTargetLoad(size_t children) : child_rows(children), stage_insert(children) {}

  IdFilter written;  // the ids written: a "maybe" is looked up in the root table
  // The greatest id written so far; children of an id at or above it are appended to the child
  // tables directly, the others are staged.
  std::string max_id;
  bool any = false;
  int64_t ids = 0;                  // distinct ids written
  std::vector<int64_t> child_rows;  // child rows written directly (net of replaced ones), then staged ones
  int64_t version = 0;              // records written so far; numbers the staged child rows
  bool staging = false;             // the temp staging tables exist
  bool replaced = false;            // temp._mews_replaced has a row
  std::vector<SqliteStmt> stage_insert;
  SqliteStmt replaced_put;
};

}  // namespace mews
