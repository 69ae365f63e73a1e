// The typed row batch the transform stage produces and the load stage consumes.
// Values are already normalized to the contract's canonical form (see ColumnType), so a sink only
// maps them to its database's types. A batch owns its text; it is not thread-safe, but may be handed
// from one thread to another.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "schemas/schema.h"

namespace mews {

// One value: NULL, an integer, a boolean, or text held in the owning TableRows' arena.
// Integers and booleans are used for kInteger and kBoolean columns; every other type is text.
// Cell{} (and every value-initialized Cell, as in a resized vector) is NULL; a Cell declared without
// an initializer is indeterminate. Trivial, so that rows of NULLs are written as plain zero fills.
struct Cell {
  enum Kind : uint8_t { kNull = 0, kInt, kBool, kText };
  Kind kind;
  uint32_t size;   // text size in bytes
  uint64_t bits;   // int64 value, bool, or the text's offset in the arena
};
static_assert(std::is_trivial<Cell>::value, "rows of NULL cells are zero fills");

// Rows of one table, row-major, width == table().columns.size().
class TableRows {
 public:
  explicit TableRows(const Table* table);

  const Table& table() const { return *table_; }
  size_t width() const { return width_; }
  size_t size() const { return width_ == 0 ? 0 : used_ / width_; }
  bool empty() const { return used_ == 0; }
  // Approximate heap bytes held; batches are flushed on this as well as on row count.
  size_t bytes() const { return used_ * sizeof(Cell) + arena_.size(); }

  const Cell& cell(size_t row, size_t col) const { return cells_[row * width_ + col]; }
  bool is_null(size_t row, size_t col) const { return cell(row, col).kind == Cell::kNull; }
  int64_t int_value(size_t row, size_t col) const { return static_cast<int64_t>(cell(row, col).bits); }
  bool bool_value(size_t row, size_t col) const { return cell(row, col).bits != 0; }
  std::string_view text(size_t row, size_t col) const {
    const Cell& c = cell(row, col);
    return std::string_view(arena_.data() + c.bits, c.size);
  }

  // Pre-allocates room for `rows` rows and `arena_bytes` of text (a hint; never shrinks).
  void Reserve(size_t rows, size_t arena_bytes) {
    if (rows * width_ > capacity_) GrowCells(rows * width_);
    arena_.reserve(arena_bytes);
  }

  // Appends a row of NULLs; the setters below fill the last row.
  void AddRow() {
    if (capacity_ - used_ < width_) GrowCells(std::max(2 * capacity_, used_ + width_));
    std::memset(cells_.get() + used_, 0, width_ * sizeof(Cell));  // Cell{} is all zero bytes
    used_ += width_;
  }
  void SetNull(size_t col) { last(col) = Cell{}; }
  void SetInt(size_t col, int64_t v) { last(col) = Cell{Cell::kInt, 0, static_cast<uint64_t>(v)}; }
  void SetBool(size_t col, bool v) { last(col) = Cell{Cell::kBool, 0, v ? 1u : 0u}; }
  void SetText(size_t col, std::string_view v) {
    size_t start = arena_.size();
    arena_.append(v.data(), v.size());
    SetTextFrom(col, start);
  }
  // Text built in place: append to arena() from TextStart(), then SetTextFrom(col, start).
  size_t TextStart() const { return arena_.size(); }
  std::string& arena() { return arena_; }
  void SetTextFrom(size_t col, size_t start) {
    last(col) = Cell{Cell::kText, static_cast<uint32_t>(arena_.size() - start), start};
  }

  // The last row's cells, to fill in place; valid until AddRow, Rollback or Clear.
  Cell* last_row() { return cells_.get() + used_ - width_; }

  // Points cell (row, col) at `size` bytes already in the arena from `start`; several cells may
  // share one text (e.g. a parent id repeated on every child row of a record).
  void SetTextAt(size_t row, size_t col, size_t start, size_t size) {
    cells_[row * width_ + col] = Cell{Cell::kText, static_cast<uint32_t>(size), start};
  }

  // A position to roll back to when a record turns out to be rejected half-way.
  struct Mark {
    size_t cells;
    size_t arena;
  };
  Mark mark() const { return {used_, arena_.size()}; }
  void Rollback(Mark m) {
    used_ = m.cells;
    arena_.resize(m.arena);
  }
  void Clear() {
    used_ = 0;
    arena_.clear();
  }

 private:
  Cell& last(size_t col) { return cells_[used_ - width_ + col]; }
  // Moves the cells to a block of `capacity` cells (>= used_).
  void GrowCells(size_t capacity);

  const Table* table_;
  size_t width_;
  // Cells [0, used_) are the rows; the rest of the block is not yet initialized (AddRow fills a
  // row with NULLs as it takes it, in one zero fill rather than cell by cell).
  std::unique_ptr<Cell[]> cells_;
  size_t used_ = 0;
  size_t capacity_ = 0;
  std::string arena_;
};

// All rows produced from a run of consecutive records of one file: the root table's rows and each
// child table's rows (parallel to mapping().children). lines[i] is the 1-based line of root row i.
class RowBatch {
 public:
  explicit RowBatch(const EntityMapping* mapping);

  const EntityMapping& mapping() const { return *mapping_; }
  TableRows& root() { return root_; }
  const TableRows& root() const { return root_; }
  std::vector<TableRows>& children() { return children_; }
  const std::vector<TableRows>& children() const { return children_; }

  std::string file;              // the source file the rows came from
  std::vector<uint64_t> lines;   // 1-based line number of each root row
  // The content hash of each root row (load/record_hash.h), when whoever built the batch computed
  // them off the loading thread; empty otherwise, and then the sink computes them.
  std::vector<int64_t> hashes;

  size_t rows() const { return root_.size(); }
  size_t bytes() const;
  void Clear();

 private:
  const EntityMapping* mapping_;
  TableRows root_;
  std::vector<TableRows> children_;
};

// A record that could not become a row. Nothing is dropped silently: the caller decides whether a
// reject fails the load (docs/loading.md) and stores it with its raw text.
struct Reject {
  std::string file;
  uint64_t line = 0;   // 1-based
  std::string reason;  // "Amount.NetValue: expected a number, got string"
  std::string raw;     // the line as read (without its line end)
};

}  // namespace mews
