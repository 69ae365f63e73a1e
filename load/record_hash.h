// The content hash of a record: what the sinks compare to tell an unchanged record from a changed
// one without comparing its columns and child rows (docs/loading.md, "Content hash"). Internal to load/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "schemas/row_batch.h"

namespace mews {

// One hash per root row of `batch`: XXH64 over an unambiguous encoding of the row's every column
// (key, data, _extra) and of its child rows (`starts`, from ChildRowStarts) in each child table in
// mapping order, every column but parent_id and ordinal, with each table's row count. Two records
// hash alike exactly when their rows and child rows hold the same values (up to XXH64 collisions,
// about 1 in 2^64 per comparison). Stored as a signed 64-bit integer (`_content_hash`).
std::vector<int64_t> RecordHashes(const RowBatch& batch, const std::vector<std::vector<size_t>>& starts);

}  // namespace mews
