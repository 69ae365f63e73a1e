// Generates canonical RowBatches from a mapping for the load tests and the load benchmark: a value
// of the column's canonical type in every column (docs/tables.md, "Values").
#pragma once

#include <cstdint>
#include <string>

#include "schemas/row_batch.h"

namespace mews::test {

struct GenOptions {
  int version = 1;           // changes text content and moves the updated column forward 1 s
  bool exotic = false;       // 30-digit decimals, microsecond timestamps, unicode, tabs/newlines/backslashes
  int children_per_row = 2;  // rows in every child table per record
};

// The id of record `index`: a deterministic lower-case uuid.
std::string RecordId(uint64_t index);

// The key of record `index` of `m`: RecordId for a uuid key; for a text key (TaxRate's Code) a
// code with a quote, a percent sign and non-ASCII text, as tax rate codes have.
std::string RecordKey(const EntityMapping& m, uint64_t index);

// The canonical value generated for column `col` of `table` for record `index` ("" for NULL only
// where noted by the caller); used by tests to build expectations.
std::string CanonicalValue(const Column& col, uint64_t index, const GenOptions& options);

// Appends record `index` (root row and its child rows) to `batch`, under its own key RecordKey, or
// under `key` in the second form (its root's key and its children's parent_id).
void AddRecord(RowBatch* batch, uint64_t index, const GenOptions& options);
void AddRecord(RowBatch* batch, uint64_t index, const GenOptions& options, const std::string& key);

}  // namespace mews::test
