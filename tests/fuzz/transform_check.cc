#include "tests/fuzz/transform_check.h"

#include <cstring>
#include <memory>

#include "schemas/registry.h"
#include "tests/fuzz/fuzz_support.h"
#include "transform/values.h"

namespace mews::fuzz {
namespace {

// The input's lines as the transform numbers them: a leading UTF-8 BOM dropped, split at '\n'.
std::vector<std::string_view> SplitLines(std::string_view bytes) {
  if (bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) bytes.remove_prefix(3);
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = bytes.find('\n', start);
    lines.push_back(bytes.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

bool Blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view WithoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsCanonicalUuid(std::string_view v) {
  std::string again;
  if (v.size() != 36 || !AppendUuid(v, &again) || again != v) return false;
  return v.find_first_of("ABCDEF") == std::string_view::npos;
}

bool IsCanonicalTimestamp(std::string_view v) {
  char out[kMaxTimestampSize];
  const size_t n = WriteTimestamp(v, out);
  return n == v.size() && std::memcmp(out, v.data(), n) == 0 && v.back() == 'Z';
}

}  // namespace

const EntityMapping& BuiltinMapping(const char* entity) {
  static const MappingRegistry registry = [] {
    auto r = MappingRegistry::Builtin();
    FUZZ_CHECK(r.ok(), r.status().message());
    return r.value();
  }();
  const EntityMapping* mapping = registry.Find(entity);
  FUZZ_CHECK(mapping != nullptr, entity);
  return *mapping;
}

namespace {

// True when JSON text `json` holds a \u0000 escape (which PostgreSQL's jsonb refuses): a backslash
// that starts an escape, then u0000. An escaped backslash followed by the text "u0000" is not one.
bool HasNulEscape(std::string_view json) {
  for (size_t i = 0; i + 1 < json.size(); ++i) {
    if (json[i] != '\\') continue;
    if (json.compare(i + 1, 5, "u0000") == 0) return true;
    ++i;  // the escaped character, a backslash among them, is not the start of another escape
  }
  return false;
}

}  // namespace

void CheckCell(const TableRows& rows, size_t r, size_t c, const std::string_view* raw) {
  const Column& column = rows.table().columns[c];
  const Cell& cell = rows.cell(r, c);
  const std::string where =
      rows.table().name + "." + column.name + " from line '" + (raw ? Printable(*raw) : "") + "'";
  if (cell.kind == Cell::kNull) {
    FUZZ_CHECK(column.role != ColumnRole::kParentId && column.role != ColumnRole::kOrdinal, where);
    return;
  }
  if (column.role == ColumnRole::kOrdinal) {
    FUZZ_CHECK(cell.kind == Cell::kInt && rows.int_value(r, c) >= 0, where);
    return;
  }
  if (column.type == ColumnType::kInteger && column.role == ColumnRole::kData) {
    FUZZ_CHECK(cell.kind == Cell::kInt, where);
    return;
  }
  if (column.type == ColumnType::kBoolean) {
    FUZZ_CHECK(cell.kind == Cell::kBool, where);
    return;
  }
  FUZZ_CHECK(cell.kind == Cell::kText, where);
  const std::string_view v = rows.text(r, c);
  const std::string detail = where + ": '" + Printable(v) + "'";
  if (column.role == ColumnRole::kExtra) {
    FUZZ_CHECK(!v.empty() && v.front() == '{' && IsValidJson(v), detail);
    FUZZ_CHECK(!HasNulEscape(v), detail);
    return;
  }
  switch (column.type) {
    case ColumnType::kUuid: FUZZ_CHECK(IsCanonicalUuid(v), detail); break;
    case ColumnType::kTimestamp: FUZZ_CHECK(IsCanonicalTimestamp(v), detail); break;
    case ColumnType::kDate: FUZZ_CHECK(IsValidDate(v), detail); break;
    case ColumnType::kDuration: FUZZ_CHECK(IsValidDuration(v), detail); break;
    case ColumnType::kDecimal:
      // Exact: the number token as written in the line, never through a double.
      FUZZ_CHECK(IsValidJsonNumber(v) && (raw == nullptr || raw->find(v) != std::string_view::npos), detail);
      break;
    case ColumnType::kText:
      FUZZ_CHECK(IsValidUtf8(v) && v.find('\0') == std::string_view::npos, detail);
      break;
    case ColumnType::kJson:
      FUZZ_CHECK(IsValidJson(v) && !HasNulEscape(v), detail);
      break;
    default: FUZZ_CHECK(false, detail + ": a text cell in a non-text column");
  }
}

std::string RenderRow(const TableRows& rows, size_t r) {
  std::string out;
  for (size_t c = 0; c < rows.width(); ++c) {
    const Cell& cell = rows.cell(r, c);
    switch (cell.kind) {
      case Cell::kNull: out += "N"; break;
      case Cell::kInt: out += "i" + std::to_string(rows.int_value(r, c)); break;
      case Cell::kBool: out += rows.bool_value(r, c) ? "b1" : "b0"; break;
      case Cell::kText: {
        std::string_view v = rows.text(r, c);
        out += "t" + std::to_string(v.size()) + ":";
        out.append(v.data(), v.size());
        break;
      }
    }
    out += ",";
  }
  return out;
}

namespace {

// Collects and checks what the transform hands over.
class CheckingConsumer : public BatchConsumer {
 public:
  CheckingConsumer(const std::vector<std::string_view>* lines, const std::string* path, Outcome* out)
      : lines_(lines), path_(path), out_(out) {}

  Status OnBatch(std::unique_ptr<RowBatch> batch) override {
    FUZZ_CHECK(batch->rows() > 0 && batch->lines.size() == batch->rows(), "batch shape");
    FUZZ_CHECK(batch->file == *path_, batch->file);
    const EntityMapping& mapping = batch->mapping();
    const TableRows& root = batch->root();
    for (size_t r = 0; r < root.size(); ++r) {
      const uint64_t line = batch->lines[r];
      FUZZ_CHECK(line >= 1 && line <= lines_->size(), std::to_string(line));
      const std::string_view raw = (*lines_)[line - 1];
      FUZZ_CHECK(!root.is_null(r, static_cast<size_t>(mapping.key_column)), "key of line " + Printable(raw));
      for (size_t c = 0; c < root.width(); ++c) {
        const Column& column = mapping.root.columns[c];
        if (column.required && column.path.size() == 1 && column.aliases.empty()) {
          FUZZ_CHECK(!root.is_null(r, c), column.name + " required, line " + Printable(raw));
        }
        CheckCell(root, r, c, &raw);
      }
      out_->root.emplace_back(line, RenderRow(root, r));
    }
    out_->children.resize(batch->children().size());
    for (size_t k = 0; k < batch->children().size(); ++k) {
      const TableRows& child = batch->children()[k];
      for (size_t r = 0; r < child.size(); ++r) {
        for (size_t c = 0; c < child.width(); ++c) CheckCell(child, r, c, nullptr);
        out_->children[k].push_back(RenderRow(child, r));
      }
    }
    return Status::Ok();
  }

  Status OnReject(const Reject& reject) override {
    FUZZ_CHECK(reject.file == *path_, reject.file);
    FUZZ_CHECK(reject.line >= 1 && reject.line <= lines_->size(), std::to_string(reject.line));
    const std::string_view raw = WithoutCr((*lines_)[reject.line - 1]);
    std::string storable;  // what every database can store: UTF-8 without NUL
    AppendStorableText(raw, &storable);
    FUZZ_CHECK(reject.raw == storable, "reject raw '" + Printable(reject.raw) + "' vs '" + Printable(raw) + "'");
    FUZZ_CHECK(!reject.reason.empty(), "empty reason for '" + Printable(raw) + "'");
    // One line of storable text: a reason is printed in one error line and stored in etl_rejects.
    FUZZ_CHECK(reject.reason.find_first_of("\r\n") == std::string::npos && IsValidUtf8(reject.reason) &&
                   reject.reason.find('\0') == std::string::npos,
               "reason '" + Printable(reject.reason) + "'");
    out_->rejects.emplace_back(reject.line, RejectSeen{reject.reason, reject.raw});
    return Status::Ok();
  }

 private:
  const std::vector<std::string_view>* lines_;
  const std::string* path_;
  Outcome* out_;
};

// The defaults but a 64 KiB window: a fuzz input is far smaller, and a 1 MiB buffer per run would
// cost more than the transform itself.
TransformOptions Options() {
  TransformOptions options;
  options.window_bytes = 64 << 10;
  return options;
}

bool SameRows(const Outcome& a, const Outcome& b) {
  return a.status == b.status && a.root == b.root && a.rejects == b.rejects && a.children == b.children &&
         a.stats.lines == b.stats.lines && a.stats.rows == b.stats.rows &&
         a.stats.rejects == b.stats.rejects && a.stats.bytes == b.stats.bytes;
}

// Each line alone gives exactly its part of `whole`.
void CheckIsolation(std::string_view bytes, const EntityMapping& mapping, const Outcome& whole) {
  const std::vector<std::string_view> lines = SplitLines(bytes);
  const bool has_bom = bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0;
  Outcome joined;
  joined.children.resize(mapping.children.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (Blank(lines[i])) continue;
    const uint64_t line = i + 1;
    // Line 1 keeps the file's BOM (only the file's first one is dropped); any other line follows a
    // blank line so that a BOM of its own is not at the start of a file.
    std::string alone = (i == 0 ? (has_bom ? "\xEF\xBB\xBF" : "") : "\n") + std::string(lines[i]);
    Outcome one = TransformChecked(alone, mapping, Options(), 1);
    FUZZ_CHECK(one.status.empty(), one.status);
    FUZZ_CHECK(one.root.size() + one.rejects.size() == 1, "line " + std::to_string(line));
    for (auto& row : one.root) joined.root.emplace_back(line, row.second);
    for (auto& reject : one.rejects) joined.rejects.emplace_back(line, reject.second);
    for (size_t k = 0; k < one.children.size(); ++k) {
      for (auto& row : one.children[k]) joined.children[k].push_back(row);
    }
  }
  std::vector<std::vector<std::string>> whole_children = whole.children;
  whole_children.resize(mapping.children.size());
  FUZZ_CHECK(joined.root == whole.root, "root rows differ when lines are transformed alone");
  FUZZ_CHECK(joined.rejects == whole.rejects, "rejects differ when lines are transformed alone");
  FUZZ_CHECK(joined.children == whole_children, "child rows differ when lines are transformed alone");
}

}  // namespace

Outcome TransformChecked(std::string_view bytes, const EntityMapping& mapping,
                         const TransformOptions& options, int slot) {
  const std::string path = WriteScratch(slot, bytes);
  const std::vector<std::string_view> lines = SplitLines(bytes);
  Outcome out;
  CheckingConsumer consumer(&lines, &path, &out);
  Status status = TransformFile(path, mapping, options, &consumer, &out.stats);
  if (!status.ok()) out.status = status.message();
  FUZZ_CHECK(status.ok(), out.status);

  // Every non-blank line exactly once, as a row or a reject, in file order.
  std::vector<uint64_t> expected, rows, rejects;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!Blank(lines[i])) expected.push_back(i + 1);
  }
  for (auto& row : out.root) rows.push_back(row.first);
  for (auto& reject : out.rejects) rejects.push_back(reject.first);
  std::vector<uint64_t> all;
  size_t a = 0, b = 0;
  while (a < rows.size() || b < rejects.size()) {
    const bool take_row = b == rejects.size() || (a < rows.size() && rows[a] < rejects[b]);
    const uint64_t next = take_row ? rows[a++] : rejects[b++];
    FUZZ_CHECK(all.empty() || next > all.back(), "line " + std::to_string(next) + " out of order or twice");
    all.push_back(next);
  }
  FUZZ_CHECK(all == expected, std::to_string(all.size()) + " outcomes for " +
                                  std::to_string(expected.size()) + " non-blank lines");
  FUZZ_CHECK(out.stats.lines == expected.size() && out.stats.rows == rows.size() &&
                 out.stats.rejects == rejects.size() && out.stats.bytes == bytes.size(),
             "stats");
  return out;
}

void CheckTransformInvariants(std::string_view bytes, const EntityMapping& mapping, size_t max_isolated) {
  const Outcome whole = TransformChecked(bytes, mapping, Options(), 0);
  TransformOptions small;
  small.window_bytes = 64;
  small.batch_rows = 3;
  small.batch_bytes = 4096;
  const Outcome windowed = TransformChecked(bytes, mapping, small, 0);
  FUZZ_CHECK(SameRows(whole, windowed), "a 64-byte window with 3-row batches changed the outcome");
  if (whole.stats.lines <= max_isolated) CheckIsolation(bytes, mapping, whole);
}

}  // namespace mews::fuzz
