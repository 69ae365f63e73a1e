// PostgreSQL's COPY text format, as PostgresSink writes it: cells separated by tabs, rows ended by
// a newline, NULL as \N, and backslash, tab, newline and carriage return escaped in text.
#include "load/common.h"
#include "load/postgres/pg_load.h"

namespace mews {

void AppendCopyText(std::string_view text, std::string* out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i], e;
    switch (c) {
      case '\\': e = '\\'; break;
      case '\t': e = 't'; break;
      case '\n': e = 'n'; break;
      case '\r': e = 'r'; break;
      default: continue;
    }
    out->append(text.data() + start, i - start);
    out->push_back('\\');
    out->push_back(e);
    start = i + 1;
  }
  out->append(text.data() + start, text.size() - start);
}

void AppendCopyCells(const TableRows& rows, size_t row, std::string* out) {
  for (size_t c = 0; c < rows.width(); ++c) {
    const Cell& cell = rows.cell(row, c);
    switch (cell.kind) {
      case Cell::kNull: out->append("\\N"); break;
      case Cell::kInt: AppendInt(static_cast<int64_t>(cell.bits), out); break;
      case Cell::kBool: out->push_back(cell.bits ? 't' : 'f'); break;
      case Cell::kText: AppendCopyText(rows.text(row, c), out); break;
    }
    out->push_back('\t');
  }
}

void AppendCopyRow(const TableRows& rows, size_t row, int64_t seq, std::string* out) {
  AppendCopyCells(rows, row, out);
  AppendInt(seq, out);
  out->push_back('\n');
}

void AppendCopyKids(const std::vector<std::vector<size_t>>& starts, size_t row, std::string* out) {
  if (starts.empty()) return;
  out->append("\t{");
  for (size_t k = 0; k < starts.size(); ++k) {
    if (k) out->push_back(',');
    AppendInt(static_cast<int64_t>(starts[k][row + 1] - starts[k][row]), out);
  }
  out->push_back('}');
}

}  // namespace mews
