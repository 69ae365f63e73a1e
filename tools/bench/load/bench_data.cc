#include "tools/bench/load/bench_data.h"

#include <map>
#include <vector>

#include "core/json_escape.h"
#include "load/common.h"

namespace mews::bench {
namespace {

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendJsonEscaped(s, out);
  out->push_back('"');
}

void AppendJsonValue(const TableRows& rows, size_t r, size_t c, std::string* out) {
  const Cell& cell = rows.cell(r, c);
  const ColumnType type = rows.table().columns[c].type;
  if (cell.kind == Cell::kNull) out->append("null");
  else if (cell.kind == Cell::kInt) out->append(std::to_string(static_cast<int64_t>(cell.bits)));
  else if (cell.kind == Cell::kBool) out->append(cell.bits ? "true" : "false");
  else if (type == ColumnType::kDecimal || type == ColumnType::kJson) out->append(rows.text(r, c));
  else AppendJsonString(rows.text(r, c), out);
}

// A JSON object under construction: members in first-seen order.
struct Node {
  std::vector<std::pair<std::string, Node>> members;
  std::string leaf;  // rendered value when a leaf
  Node& At(const std::string& key) {
    for (auto& m : members) {
      if (m.first == key) return m.second;
    }
    members.emplace_back(key, Node{});
    return members.back().second;
  }
  void Render(std::string* out) const {
    if (members.empty()) {
      out->append(leaf);
      return;
    }
    out->push_back('{');
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out->push_back(',');
      AppendJsonString(members[i].first, out);
      out->push_back(':');
      members[i].second.Render(out);
    }
    out->push_back('}');
  }
};

Node& PathNode(Node& root, const std::vector<std::string>& path) {
  Node* n = &root;
  for (const std::string& seg : path) n = &n->At(seg);
  return *n;
}

std::string RowObject(const TableRows& rows, size_t r) {
  Node obj;
  for (size_t c = 0; c < rows.width(); ++c) {
    if (rows.table().columns[c].role != ColumnRole::kData) continue;
    AppendJsonValue(rows, r, c, &PathNode(obj, rows.table().columns[c].path).leaf);
  }
  std::string out;
  obj.Render(&out);
  return out;
}

}  // namespace

void AppendJsonLines(const RowBatch& batch, std::string* out) {
  std::vector<std::vector<size_t>> starts;
  (void)ChildRowStarts(batch, &starts);
  const TableRows& root = batch.root();
  for (size_t r = 0; r < root.size(); ++r) {
    Node doc;
    for (size_t c = 0; c < root.width(); ++c) {
      if (root.table().columns[c].role != ColumnRole::kData) continue;
      AppendJsonValue(root, r, c, &PathNode(doc, root.table().columns[c].path).leaf);
    }
    for (size_t k = 0; k < batch.children().size(); ++k) {
      std::string arr = "[";
      for (size_t i = starts[k][r]; i < starts[k][r + 1]; ++i) {
        if (arr.size() > 1) arr += ",";
        arr += RowObject(batch.children()[k], i);
      }
      PathNode(doc, batch.children()[k].table().path).leaf = arr + "]";
    }
    doc.Render(out);
    out->push_back('\n');
  }
}

namespace {

// doc->'A'->'B'->>'C' (PostgreSQL) or json_extract(doc, '$.A.B.C') (SQLite), cast to the column type.
std::string Extract(Dialect d, const std::string& doc, const Column& c) {
  if (d == Dialect::kSqlite) {
    std::string p = "$";
    for (const std::string& s : c.path) p += "." + s;
    return "json_extract(" + doc + ", '" + p + "')";
  }
  std::string e = doc;
  for (size_t i = 0; i < c.path.size(); ++i) e += (i + 1 == c.path.size() ? "->>'" : "->'") + c.path[i] + "'";
  if (c.type == ColumnType::kJson) e.replace(e.rfind("->>"), 3, "->");
  return "(" + e + ")::" + SqlType(d, c.type);
}

std::string ColumnNames(const Table& t, bool data_only) {
  std::string out;
  for (const Column& c : t.columns) {
    if (data_only && c.role == ColumnRole::kExtra) continue;
    out += (out.empty() ? "" : ", ") + c.name;
  }
  return out;
}

}  // namespace

std::string PureSqlMerge(Dialect d, const std::string& schema, const EntityMapping& m) {
  const bool pg = d == Dialect::kPostgres;
  const Table& t = m.root;
  std::string exprs, set;
  for (const Column& c : t.columns) {
    if (c.role == ColumnRole::kExtra) continue;
    exprs += (exprs.empty() ? "" : ", ") + Extract(d, "doc", c);
    if (c.name != "id") set += (set.empty() ? "" : ", ") + c.name + " = excluded." + c.name;
  }
  const std::string u = t.columns[m.updated_column].name;
  const std::string q = QualifiedName(d, schema, t.name);
  std::string sql = "INSERT INTO " + q + " AS t (" + ColumnNames(t, true) + ", _loaded_at, _connection) SELECT " + exprs +
                    (pg ? ", now()" : ", strftime('%Y-%m-%dT%H:%M:%fZ')") + ", 'default'" + " FROM raw WHERE true ON CONFLICT (id) DO UPDATE SET " +
                    set + ", _loaded_at = excluded._loaded_at, _connection = excluded._connection WHERE excluded." + u + " >= t." + u + ";\n";
  const std::string id = pg ? "(doc->>'Id')::uuid" : "json_extract(doc, '$.Id')";
  for (const Table& c : m.children) {
    const std::string cq = QualifiedName(d, schema, c.name);
    std::string arr = pg ? "doc" : "'$";
    for (const std::string& s : c.path) arr += pg ? "->'" + s + "'" : "." + s;
    std::string cols;
    for (const Column& col : c.columns) {
      if (col.role != ColumnRole::kData) continue;
      cols += ", " + Extract(d, pg ? "e.value" : "e.value", col);
    }
    sql += "DELETE FROM " + cq + " WHERE parent_id IN (SELECT " + id + " FROM raw);\n";
    if (pg) {
      sql += "INSERT INTO " + cq + " (" + ColumnNames(c, false) + ") SELECT " + id + ", e.n - 1" + cols +
             " FROM raw, jsonb_array_elements(" + arr + ") WITH ORDINALITY AS e(value, n);\n";
    } else {
      sql += "INSERT INTO " + cq + " (" + ColumnNames(c, false) + ") SELECT " + id + ", e.key" + cols +
             " FROM raw, json_each(doc, " + arr + "') AS e;\n";
    }
  }
  return sql;
}

}  // namespace mews::bench
