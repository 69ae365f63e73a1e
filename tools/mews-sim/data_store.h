// DataStore: the simulator's data set (how many records of each EntityType, and the edits and
// deletions tests applied), plus the code that writes an export's matching records to files.
// Thread-safe; snapshots are immutable, so an export keeps the data as it was when created.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/ref_types.h"

namespace mews::sim {

constexpr size_t kEntityCount = 10;

struct EntityState {
  uint64_t count = 0;                     // records with index 0..count-1 exist
  std::map<uint64_t, RecordEdit> edits;   // index -> edit applied on top of the generated record
  std::set<uint64_t> deleted;             // indexes left out of exports
};

struct Mutation {
  std::vector<uint64_t> update;   // new UpdatedUtc (`updated_micros`) and a changed Notes
  std::vector<uint64_t> remove;   // left out of future exports
  std::vector<uint64_t> restore;  // back in future exports
  int64_t updated_micros = 0;
  std::optional<uint64_t> count;  // new record count (grow or shrink), applied first
};

class DataStore {
 public:
  DataStore(GeneratorOptions generator, const std::array<uint64_t, kEntityCount>& counts);

  const GeneratorOptions& generator() const { return generator_; }
  std::shared_ptr<const EntityState> Snapshot(Entity e) const;
  // Fails with kInvalidArgument (naming the index) when an index is not below the count.
  Status Apply(Entity e, const Mutation& m);

  // The reference set served by */getAll: items 0..count-1 of a RefType, minus deleted ones, with
  // edits applied. Starts at the generator's ref_counts (the set facts draw their ids from);
  // mutations change what */getAll serves, never the facts.
  std::shared_ptr<const EntityState> RefSnapshot(RefType t) const;
  Status ApplyRef(RefType t, const Mutation& m);

 private:
  GeneratorOptions generator_;
  mutable std::mutex mu_;
  std::array<std::shared_ptr<const EntityState>, kEntityCount> states_;
  std::array<std::shared_ptr<const EntityState>, kRefTypeCount> ref_states_;
};

// Which records an export contains. Unset bounds do not filter.
struct ExportFilter {
  std::optional<int64_t> updated_start;  // [start, end) on UpdatedUtc; start == end: equality
  std::optional<int64_t> updated_end;
  std::optional<int64_t> posting_first;  // inclusive PostingDate days
  std::optional<int64_t> posting_last;
  std::vector<bool> scopes;              // scope indexes allowed; empty: all
};

struct ExportFile {
  std::string name;   // "<export id>-<n>.jsonl", n from 1
  std::string path;   // in the work directory
  uint64_t size = 0;  // bytes on disk
};

// Writes the records of `data` that pass `filter` to up to `max_files` files in `dir` (split by
// record index, written side by side; files that would be empty are not written). Fails with
// kIoError naming the file, and then leaves none of them.
Result<std::vector<ExportFile>> WriteExportFiles(Entity entity, const EntityState& data,
                                                 const GeneratorOptions& generator,
                                                 const ExportFilter& filter,
                                                 const std::string& export_id,
                                                 const std::string& dir, int max_files);

}  // namespace mews::sim
