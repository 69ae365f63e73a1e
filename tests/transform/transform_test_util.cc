#include "tests/transform/transform_test_util.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "tests/support/process.h"

namespace mews::test {

std::string RecordUuid(int i) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", i);
  return buf;
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  const std::string path = TempDir("transform") + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  REQUIRE(out.good());
  return path;
}

std::unique_ptr<RunResult> RunTransform(const std::string& path, const EntityMapping& mapping,
                                        const TransformOptions& options) {
  auto run = std::make_unique<RunResult>();
  run->status = TransformFile(path, mapping, options, &run->out, &run->stats);
  return run;
}

const EntityMapping& TestMapping() {
  static const EntityMapping mapping = [] {
    const char* json = R"({
      "entity": "OrderItem", "table": "things", "key": "Id", "updated": "UpdatedUtc",
      "fields": [
        {"path": "Id", "type": "uuid", "required": true},
        {"path": "UpdatedUtc", "type": "timestamp"},
        {"path": "Name", "type": "text"},
        {"path": "Count", "type": "integer"},
        {"path": "Flag", "type": "boolean"},
        {"path": "Day", "type": "date"},
        {"path": "Span", "type": "duration"},
        {"path": "Tags", "type": "json"},
        {"path": "Contact", "aliases": ["Contac"], "type": "text"},
        {"path": "Amount.Value", "type": "decimal", "required": true},
        {"path": "Amount.Currency", "type": "text"},
        {"path": "Amount.Taxes", "type": "array", "fields": [
          {"path": "Code", "type": "text"},
          {"path": "Value", "type": "decimal", "required": true}
        ]}
      ]})";
    Result<EntityMapping> m = ParseMapping(json, "test_mapping.json");
    if (!m.ok()) FAIL(m.status().message());
    return m.value();
  }();
  return mapping;
}

namespace {

std::string CellText(const TableRows& rows, size_t r, size_t c) {
  const Cell& cell = rows.cell(r, c);
  switch (cell.kind) {
    case Cell::kNull: return "NULL";
    case Cell::kInt: return std::to_string(rows.int_value(r, c));
    case Cell::kBool: return rows.bool_value(r, c) ? "true" : "false";
    case Cell::kText: return "'" + std::string(rows.text(r, c)) + "'";
  }
  return "?";
}

void RenderTable(const TableRows& rows, const RowBatch& batch, bool root, std::vector<std::string>* out) {
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line = rows.table().name + (root ? " line=" + std::to_string(batch.lines[r]) : "");
    for (size_t c = 0; c < rows.width(); ++c) {
      line += " " + rows.table().columns[c].name + "=" + CellText(rows, r, c);
    }
    out->push_back(line);
  }
}

}  // namespace

std::vector<std::string> Render(const RunResult& run) {
  std::vector<std::string> out;
  for (const auto& batch : run.out.batches) {
    RenderTable(batch->root(), *batch, true, &out);
    for (const TableRows& child : batch->children()) RenderTable(child, *batch, false, &out);
  }
  for (const Reject& r : run.out.rejects) {
    out.push_back("reject line=" + std::to_string(r.line) + " " + r.reason + " | " + r.raw);
  }
  return out;
}

std::string RootValue(const RunResult& run, size_t row, const std::string& column) {
  for (const auto& batch : run.out.batches) {
    const TableRows& rows = batch->root();
    if (row >= rows.size()) {
      row -= rows.size();
      continue;
    }
    for (size_t c = 0; c < rows.width(); ++c) {
      if (rows.table().columns[c].name != column) continue;
      const std::string text = CellText(rows, row, c);
      return rows.cell(row, c).kind == Cell::kText ? text.substr(1, text.size() - 2) : text;
    }
    FAIL("no column " << column);
  }
  FAIL("no row " << row);
  return "";
}

}  // namespace mews::test
