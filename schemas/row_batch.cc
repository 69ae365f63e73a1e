#include "schemas/row_batch.h"

#include <utility>

namespace mews {

TableRows::TableRows(const Table* table) : table_(table), width_(table->columns.size()) {
  GrowCells(width_);  // cells_ is never null
}

void TableRows::GrowCells(size_t capacity) {
  std::unique_ptr<Cell[]> next(new Cell[capacity]);  // trivial: not initialized
  if (used_ != 0) std::memcpy(next.get(), cells_.get(), used_ * sizeof(Cell));
  cells_ = std::move(next);
  capacity_ = capacity;
}

RowBatch::RowBatch(const EntityMapping* mapping) : mapping_(mapping), root_(&mapping->root) {
  children_.reserve(mapping->children.size());
  for (const Table& t : mapping->children) children_.emplace_back(&t);
}

size_t RowBatch::bytes() const {
  size_t total = root_.bytes() + lines.size() * sizeof(uint64_t);
  for (const TableRows& c : children_) total += c.bytes();
  return total;
}

void RowBatch::Clear() {
  hashes.clear();
  root_.Clear();
  for (TableRows& c : children_) c.Clear();
  lines.clear();
}

}  // namespace mews
