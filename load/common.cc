#include "load/common.h"

#include <charconv>
#include <utility>

namespace mews {

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  const char* end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out->append(buf, static_cast<size_t>(end - buf));
}

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kRunning: return "running";
    case RunStatus::kSucceeded: return "succeeded";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kInterrupted: return "interrupted";
  }
  return "failed";
}

std::string RedactDatabaseUrl(const std::string& url) {
  std::string out = url;
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t at = out.find('@', start);
    size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t pos = 0; (pos = out.find("password=", pos)) != std::string::npos;) {
    pos += 9;
    size_t end = out.find_first_of("& ", pos);
    out.replace(pos, (end == std::string::npos ? out.size() : end) - pos, "***");
  }
  return out;
}

Result<DbUrl> ParseDbUrl(const std::string& url) {
  DbUrl out;
  out.display = RedactDatabaseUrl(url);
  // SQLite and libpq read a path or URL up to its first NUL: "sqlite:a\0b" would open the file a.
  if (url.find('\0') != std::string::npos) {
    return Status::InvalidArgument("database URL '" + out.display.substr(0, out.display.find('\0')) +
                                   "': a NUL character follows");
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    out.kind = DbKind::kPostgres;
    out.target = url;
    return out;
  }
  if (url.rfind("sqlite:", 0) == 0) {
    out.kind = DbKind::kSqlite;
    out.target = url.substr(7);
    if (out.target.rfind("//", 0) == 0) out.target = out.target.substr(2);  // sqlite://path
    if (out.target.empty()) {
      return Status::InvalidArgument("database URL '" + out.display + "': sqlite: needs a file path (sqlite:PATH)");
    }
    return out;
  }
  return Status::InvalidArgument("database URL '" + out.display +
                                 "': unknown scheme (use postgresql://user:pass@host:port/db or sqlite:PATH)");
}

Status CheckSchemaName(const std::string& schema) {
  bool ok = !schema.empty() && schema.size() <= 63 && !(schema[0] >= '0' && schema[0] <= '9');
  for (char c : schema) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  if (ok) return Status::Ok();
  return Status::InvalidArgument("--pg-schema '" + schema + "': use a lower-case identifier ([a-z_][a-z0-9_]*)");
}

Status CheckConnectionName(const std::string& name) {
  auto lower_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  bool ok = !name.empty() && name.size() <= 63 && lower_digit(name[0]);
  for (char c : name) ok = ok && (lower_digit(c) || c == '_' || c == '-');
  if (ok) return Status::Ok();
  return Status::InvalidArgument("connection name '" + name +
                                 "': use 1 to 63 of a-z, 0-9, '_' and '-', starting with a letter or digit");
}

std::string CountsJson(const LoadCounts& counts) {
  std::string out = "{";
  for (const TableCounts& t : counts.tables) {
    if (out.size() > 1) out += ",";
    out += "\"" + t.table + "\":{\"inserted\":" + std::to_string(t.inserted) +
           ",\"updated\":" + std::to_string(t.updated) + ",\"unchanged\":" +
           std::to_string(t.unchanged) + ",\"deleted\":" + std::to_string(t.deleted) + "}";
  }
  return out + "}";
}

void AddCounts(const std::vector<TableCounts>& from, std::vector<TableCounts>* into) {
  for (size_t t = 0; t < from.size() && t < into->size(); ++t) {
    TableCounts& to = (*into)[t];
    to.inserted += from[t].inserted;
    to.updated += from[t].updated;
    to.unchanged += from[t].unchanged;
    to.deleted += from[t].deleted;
  }
}

std::string OneLine(std::string_view message) {
  std::string out;
  for (char c : message) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  return out;
}

}  // namespace mews

namespace mews {

int ColumnWithRole(const Table& table, ColumnRole role) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].role == role) return static_cast<int>(i);
  }
  return -1;
}

namespace {

Status StartsOfChild(const TableRows& root, int key, const TableRows& child, std::vector<size_t>* starts) {
  const int pid_col = ColumnWithRole(child.table(), ColumnRole::kParentId);
  const int ord_col = ColumnWithRole(child.table(), ColumnRole::kOrdinal);
  starts->assign(root.size() + 1, child.size());
  long cur = -1;
  int64_t last_ord = -1;
  size_t next_start_row = 0;  // root rows before this one already have their start
  for (size_t i = 0; i < child.size(); ++i) {
    std::string_view pid = child.text(i, pid_col);
    int64_t ord = child.int_value(i, ord_col);
    if (!(cur >= 0 && root.text(cur, key) == pid && ord > last_ord)) {
      long r = cur + 1;
      while (r < static_cast<long>(root.size()) && root.text(r, key) != pid) ++r;
      if (r == static_cast<long>(root.size())) {
        return Status::Internal("child table " + child.table().name + " row " + std::to_string(i) +
                                " has no parent row " + std::string(pid) + " in its batch");
      }
      for (; next_start_row <= static_cast<size_t>(r); ++next_start_row) (*starts)[next_start_row] = i;
      cur = r;
    }
    last_ord = ord;
  }
  return Status::Ok();
}

}  // namespace

Status ChildRowStarts(const RowBatch& batch, std::vector<std::vector<size_t>>* starts) {
  starts->resize(batch.children().size());
  for (size_t k = 0; k < batch.children().size(); ++k) {
    MEWS_RETURN_IF_ERROR(
        StartsOfChild(batch.root(), batch.mapping().key_column, batch.children()[k], &(*starts)[k]));
  }
  return Status::Ok();
}

Result<std::optional<Watermark>> FindWatermark(Result<std::vector<Watermark>> all, const std::string& connection,
                                               const std::string& entity, const std::string& kind) {
  if (!all.ok()) return all.status();
  for (Watermark& w : *all) {
    if (w.connection == connection && w.entity == entity && w.kind == kind) return std::optional<Watermark>(std::move(w));
  }
  return std::optional<Watermark>();
}

}  // namespace mews
