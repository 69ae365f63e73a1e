// The content hash of a record: what the sinks compare to tell an unchanged record from a changed
// one without comparing its columns and child rows (docs/loading.md, "Content hash"). The sinks use
// it; a pipeline that builds batches on another thread may attach them first (AttachRecordHashes).
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

// The batch's hashes: batch.hashes when it holds one per root row, else RecordHashes into `computed`.
const std::vector<int64_t>& BatchHashes(const RowBatch& batch, const std::vector<std::vector<size_t>>& starts,
                                        std::vector<int64_t>* computed);

// Fills batch->hashes, so that a sink need not compute them on its own thread. Leaves them empty
// when the batch's child rows are not in the order a sink accepts (the sink then reports it).
void AttachRecordHashes(RowBatch* batch);

}  // namespace mews
