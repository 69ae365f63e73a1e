#include "load/record_hash.h"

#include <cstring>

#include "core/hash.h"
#include "core/little_endian.h"
#include "load/common.h"

namespace mews {

namespace {

// Little-endian, whatever the host's byte order.
void AppendU64(uint64_t v, std::string* out) {
  v = LittleEndian(v);
  char bytes[8];
  std::memcpy(bytes, &v, sizeof v);
  out->append(bytes, 8);
}

// A cell as its kind, then its value; text carries its length, so no two cell lists encode alike.
void AppendCell(const TableRows& rows, size_t row, size_t col, std::string* out) {
  const Cell& cell = rows.cell(row, col);
  out->push_back(static_cast<char>('0' + cell.kind));
  switch (cell.kind) {
    case Cell::kNull: break;
    case Cell::kInt: AppendU64(cell.bits, out); break;
    case Cell::kBool: out->push_back(cell.bits ? 1 : 0); break;
    case Cell::kText: {
      const std::string_view text = rows.text(row, col);
      AppendU64(text.size(), out);
      out->append(text.data(), text.size());
      break;
    }
  }
}

}  // namespace

std::vector<int64_t> RecordHashes(const RowBatch& batch, const std::vector<std::vector<size_t>>& starts) {
  std::vector<int64_t> out(batch.rows());
  std::string buf;
  const TableRows& root = batch.root();
  for (size_t r = 0; r < batch.rows(); ++r) {
    buf.clear();
    for (size_t c = 0; c < root.width(); ++c) AppendCell(root, r, c, &buf);
    for (size_t k = 0; k < batch.children().size(); ++k) {
      const TableRows& rows = batch.children()[k];
      const std::vector<Column>& cols = rows.table().columns;
      AppendU64(starts[k][r + 1] - starts[k][r], &buf);
      for (size_t i = starts[k][r]; i < starts[k][r + 1]; ++i) {
        for (size_t c = 0; c < rows.width(); ++c) {
          if (cols[c].role == ColumnRole::kParentId || cols[c].role == ColumnRole::kOrdinal) continue;
          AppendCell(rows, i, c, &buf);
        }
      }
    }
    out[r] = static_cast<int64_t>(Hash64(buf));
  }
  return out;
}

const std::vector<int64_t>& BatchHashes(const RowBatch& batch, const std::vector<std::vector<size_t>>& starts,
                                        std::vector<int64_t>* computed) {
  if (batch.hashes.size() == batch.rows()) return batch.hashes;
  *computed = RecordHashes(batch, starts);
  return *computed;
}

void AttachRecordHashes(RowBatch* batch) {
  batch->hashes.clear();
  std::vector<std::vector<size_t>> starts;
  if (!ChildRowStarts(*batch, &starts).ok()) return;
  batch->hashes = RecordHashes(*batch, starts);
}

}  // namespace mews
