#include "tests/load/row_gen.h"

#include <cstdio>

namespace mews::test {
namespace {

std::string Uuid(uint64_t a, uint64_t b) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                static_cast<unsigned long long>(a & 0xffffffffu), static_cast<unsigned long long>(b & 0xffff),
                static_cast<unsigned long long>((a >> 32) & 0xfff), static_cast<unsigned long long>(b >> 16 & 0xfff),
                static_cast<unsigned long long>(a * 2654435761u & 0xffffffffffffULL));
  return buf;
}

uint64_t ColumnSalt(const Column& col) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : col.name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

}  // namespace

std::string RecordId(uint64_t index) { return Uuid(index, 0xa11d); }

std::string RecordKey(const EntityMapping& m, uint64_t index) {
  if (m.root.columns[m.key_column].type == ColumnType::kUuid) return RecordId(index);
  return "CZ-2024-R" + std::to_string(index) + " 12% 'r\xC3\xA9" "duit'";
}

std::string CanonicalValue(const Column& col, uint64_t index, const GenOptions& o) {
  const bool ex = o.exotic;
  const uint64_t salt = ColumnSalt(col) % 1000;
  char buf[96];
  switch (col.type) {
    case ColumnType::kUuid:  // references repeat, as in real data (a few hundred accounts, services, ...)
      return Uuid(index % 997, salt + 1);
    case ColumnType::kTimestamp:
      std::snprintf(buf, sizeof buf, "2024-%02d-%02dT%02d:%02d:%02d%sZ", static_cast<int>(index % 12 + 1),
                    static_cast<int>(index % 28 + 1), static_cast<int>(salt % 24), static_cast<int>(index % 60),
                    o.version % 60, ex ? ".123456" : (index % 2 ? ".5" : ""));
      return buf;
    case ColumnType::kDate:
      return ex ? "2024-02-29" : "2023-12-3" + std::to_string(index % 2);
    case ColumnType::kDuration:
      return ex ? "-P1DT2H3M4.5S" : "P" + std::to_string(index % 9 + 1) + "DT2H";
    case ColumnType::kDecimal:
      if (ex) return "-123456789012345678901234.567890";
      std::snprintf(buf, sizeof buf, "%llu.%02d", static_cast<unsigned long long>(index % 100000),
                    (o.version * 7 + static_cast<int>(salt)) % 100);
      return buf;
    case ColumnType::kInteger:
      return std::to_string(static_cast<int64_t>(index * 3 + salt) * (ex ? -1 : 1));
    case ColumnType::kBoolean:
      return (index + salt) % 2 ? "true" : "false";
    case ColumnType::kText:
      if (ex) return "tab\there\nnewline\\back\rslash \xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 'q' \"d\" v" + std::to_string(o.version);
      return col.name + " " + std::to_string(index) + " v" + std::to_string(o.version);
    case ColumnType::kJson:
      if (col.role == ColumnRole::kExtra) return ex ? "{\"NewField\":[1,\"a\\tb\"],\"Amount.Foo\":null}" : "";
      return ex ? "[1,\"a\\\\b\\n\",{\"k\":[true,null]},2.50]" : "[\"A\",\"B" + std::to_string(index % 3) + "\"]";
  }
  return "";
}

namespace {

void SetValue(TableRows* rows, size_t col, const Column& c, const std::string& v) {
  if (c.type == ColumnType::kInteger) rows->SetInt(col, std::stoll(v));
  else if (c.type == ColumnType::kBoolean) rows->SetBool(col, v == "true");
  else if (v.empty()) rows->SetNull(col);
  else rows->SetText(col, v);
}

}  // namespace

void AddRecord(RowBatch* batch, uint64_t index, const GenOptions& o) {
  AddRecord(batch, index, o, RecordKey(batch->mapping(), index));
}

void AddRecord(RowBatch* batch, uint64_t index, const GenOptions& o, const std::string& id) {
  const EntityMapping& m = batch->mapping();
  TableRows& root = batch->root();
  root.AddRow();
  for (size_t i = 0; i < m.root.columns.size(); ++i) {
    const Column& c = m.root.columns[i];
    if (static_cast<int>(i) == m.key_column) root.SetText(i, id);
    else SetValue(&root, i, c, CanonicalValue(c, index, o));
  }
  if (m.has_updated()) {
    char ts[40];
    std::snprintf(ts, sizeof ts, "2025-01-01T00:00:%02d%sZ", o.version % 60, o.exotic ? ".000001" : "");
    root.SetText(m.updated_column, ts);
  }
  batch->lines.push_back(index + 1);
  for (size_t k = 0; k < m.children.size(); ++k) {
    TableRows& child = batch->children()[k];
    for (int n = 0; n < o.children_per_row; ++n) {
      child.AddRow();
      for (size_t i = 0; i < child.table().columns.size(); ++i) {
        const Column& c = child.table().columns[i];
        if (c.role == ColumnRole::kParentId) child.SetText(i, id);
        else if (c.role == ColumnRole::kOrdinal) child.SetInt(i, n);
        else SetValue(&child, i, c, CanonicalValue(c, index * 10 + n, o));
      }
    }
  }
}

}  // namespace mews::test
