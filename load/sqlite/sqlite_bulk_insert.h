// The state of a SQLite load into empty tables (sqlite_bulk_insert.cc). Internal to load/sqlite.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "load/sqlite/sqlite_db.h"

namespace mews {

// A Bloom filter over the ids a load has written: MayContain is false for an id certainly not
// written yet. Fixed size whatever the load size; with 8 MiB and four probes, 3 million ids give
// about one false "maybe" in a thousand (each costs one lookup by id).
class IdFilter {
 public:
  explicit IdFilter(size_t bytes);  // rounded down to a power of two, at least 8
  void Add(std::string_view id);
  bool MayContain(std::string_view id) const;

 private:
  std::vector<uint64_t> words_;
  uint64_t bit_mask_;  // number of bits - 1
};

// What a load into empty tables remembers instead of a temp table row per id: every id it writes
// counts once as inserted, and a child row counts when it is written and stays.
struct EmptyTargetLoad {
  static constexpr size_t kFilterBytes = 8u << 20;

  explicit EmptyTargetLoad(size_t children) : child_rows(children), stage_insert(children) {}

  IdFilter written{kFilterBytes};
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
