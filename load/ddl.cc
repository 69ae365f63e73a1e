#include "load/ddl.h"

#include <cstdio>

#include "schemas/naming.h"

namespace mews {

const std::vector<LineageColumn>& LineageColumns() {
  static const std::vector<LineageColumn> kColumns = {
      {"_export_id", "uuid", "Export that last wrote the row; NULL when loaded from local files."},
      {"_loaded_at", "timestamptz", "When the row was last written."},
      {"_deleted_at", "timestamptz",
       "Set when a full export no longer contains the row; cleared when it comes back."},
      {"_connection", "text",
       "Connection (--connection: the access token of a property or portfolio) that last wrote the row.", true},
      {"_content_hash", "bigint",
       "XXH64 of the row's values and its child rows as last written; a record that hashes alike is unchanged and "
       "is not sent to the database again. NULL for rows written before it existed.",
       false, "INTEGER"},
  };
  return kColumns;
}

const char* SqlType(Dialect dialect, ColumnType type) {
  const bool pg = dialect == Dialect::kPostgres;
  switch (type) {
    case ColumnType::kUuid: return pg ? "uuid" : "TEXT";
    case ColumnType::kTimestamp: return pg ? "timestamptz" : "TEXT";
    case ColumnType::kDate: return pg ? "date" : "TEXT";
    case ColumnType::kDuration: return pg ? "interval" : "TEXT";
    case ColumnType::kDecimal: return pg ? "numeric" : "REAL";
    case ColumnType::kInteger: return pg ? "bigint" : "INTEGER";
    case ColumnType::kBoolean: return pg ? "boolean" : "INTEGER";
    case ColumnType::kText: return pg ? "text" : "TEXT";
    case ColumnType::kJson: return pg ? "jsonb" : "TEXT";
  }
  return "TEXT";
}

std::string QualifiedName(Dialect dialect, const std::string& schema, const std::string& name) {
  if (dialect == Dialect::kSqlite || schema.empty()) return name;
  return schema + "." + name;
}

std::string SqlLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string ColumnDefinition(Dialect dialect, const Column& column) {
  std::string def = column.name + " " + SqlType(dialect, column.type);
  bool not_null = column.role == ColumnRole::kParentId || column.role == ColumnRole::kOrdinal ||
                  column.name == "id";
  return not_null ? def + " NOT NULL" : def;
}

std::string IndexName(const std::string& table, const std::string& column) {
  std::string name = table + "_" + column + "_idx";
  if (name.size() <= kMaxIdentifierBytes) return name;
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : table + "." + column) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  char hex[10];
  std::snprintf(hex, sizeof hex, "_%08x", h);
  return name.substr(0, kMaxIdentifierBytes - 9) + hex;
}

bool IsReference(const Column& c) {
  return c.role == ColumnRole::kData && c.name != "id" && c.name.size() > 3 &&
         c.name.compare(c.name.size() - 3, 3, "_id") == 0;
}

namespace {

std::string CommentOn(const std::string& what, const std::string& text) {
  return "COMMENT ON " + what + " IS " + SqlLiteral(text);
}

std::string WatermarksDdl(const std::string& target, const char* ts) {
  return "CREATE TABLE IF NOT EXISTS " + target +
         " (connection TEXT NOT NULL DEFAULT 'default', entity TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN "
         "('updated_utc','posting')), value TEXT NOT NULL, updated_at " + std::string(ts) +
         " NOT NULL, PRIMARY KEY (connection, entity, kind))";
}

std::string LineageType(Dialect dialect, const LineageColumn& l) {
  return std::string(dialect == Dialect::kPostgres ? l.pg_type : l.sqlite_type) + (l.not_null ? " NOT NULL" : "");
}

}  // namespace

std::vector<std::string> StateTablesDdl(Dialect dialect, const std::string& schema) {
  const bool pg = dialect == Dialect::kPostgres;
  auto q = [&](const std::string& n) { return QualifiedName(dialect, schema, n); };
  const char* ts = pg ? "timestamptz" : "TEXT";
  const char* big = pg ? "bigint" : "INTEGER";
  const char* json = pg ? "json" : "TEXT";  // kept as written
  const char* uuid = pg ? "uuid" : "TEXT";
  const std::string id = pg ? "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
                            : "id INTEGER PRIMARY KEY AUTOINCREMENT";
  std::vector<std::string> out;
  if (pg) out.push_back("CREATE SCHEMA IF NOT EXISTS " + schema);
  const std::string conn = "connection TEXT NOT NULL DEFAULT 'default'";
  out.push_back("CREATE TABLE IF NOT EXISTS " + q("etl_runs") + " (" + id +
                ", entity TEXT NOT NULL, command TEXT NOT NULL, started_at " + ts +
                " NOT NULL, finished_at " + ts +
                ", status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted'))"
                ", inserted " + big + " NOT NULL DEFAULT 0, updated " + big +
                " NOT NULL DEFAULT 0, unchanged " + big + " NOT NULL DEFAULT 0, rejected " + big +
                " NOT NULL DEFAULT 0, table_counts " + json + ", export_id " + uuid + ", error TEXT, " + conn + ")");
  out.push_back("CREATE TABLE IF NOT EXISTS " + q("etl_exports") + " (id " + uuid +
                " PRIMARY KEY, entity TEXT NOT NULL, status TEXT NOT NULL, scope " + json +
                ", filters " + json + ", window_start TEXT, window_end TEXT, full_export " +
                (pg ? "boolean" : "INTEGER") + " NOT NULL, file_count " + big +
                " NOT NULL DEFAULT 0, total_bytes " + big + " NOT NULL DEFAULT 0, expires_utc " + ts +
                ", created_at " + ts + " NOT NULL, updated_at " + ts + " NOT NULL, " + conn + ")");
  out.push_back(WatermarksDdl(q("etl_watermarks"), ts));
  out.push_back("CREATE TABLE IF NOT EXISTS " + q("etl_connections") +
                " (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, api_host TEXT NOT NULL, first_used_at " +
                ts + " NOT NULL, last_used_at " + ts + " NOT NULL)");
  out.push_back("CREATE TABLE IF NOT EXISTS " + q("etl_rejects") + " (" + id + ", run_id " + big +
                ", entity TEXT NOT NULL, file TEXT NOT NULL, line " + big +
                " NOT NULL, reason TEXT NOT NULL, raw TEXT NOT NULL)");
  out.push_back("CREATE INDEX IF NOT EXISTS etl_rejects_run_id_idx ON " + q("etl_rejects") + " (run_id)");
  return out;
}

std::vector<std::string> IndexDdl(Dialect dialect, const std::string& schema, const Table& table) {
  std::vector<std::string> out;
  const std::string target = QualifiedName(dialect, schema, table.name);
  for (const Column& c : table.columns) {
    if (!IsReference(c)) continue;  // parent_id: the primary key (parent_id, ordinal) is its index
    out.push_back("CREATE INDEX IF NOT EXISTS " + IndexName(table.name, c.name) + " ON " + target +
                  " (" + c.name + ")");
  }
  return out;
}

std::vector<std::string> CreateTableDdl(Dialect dialect, const std::string& schema, const Table& table,
                                        bool root, const Table* parent) {
  const bool pg = dialect == Dialect::kPostgres;
  const std::string target = QualifiedName(dialect, schema, table.name);
  std::string sql = "CREATE TABLE IF NOT EXISTS " + target + " (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    sql += (i ? ", " : "") + ColumnDefinition(dialect, table.columns[i]);
  }
  if (root) {
    for (const LineageColumn& l : LineageColumns()) {
      sql += std::string(", ") + l.name + " " + LineageType(dialect, l);
    }
    sql += ", PRIMARY KEY (id))";
  } else {
    sql += ", PRIMARY KEY (parent_id, ordinal), FOREIGN KEY (parent_id) REFERENCES " +
           QualifiedName(dialect, schema, parent->name) + " (id) ON DELETE CASCADE)";
  }
  if (!pg && !root) sql += " WITHOUT ROWID";  // small rows keyed by (parent_id, ordinal)
  if (pg) sql += std::string(" WITH (fillfactor = ") + kEntityFillFactor + ")";
  std::vector<std::string> out = {sql};
  for (std::string& s : IndexDdl(dialect, schema, table)) out.push_back(std::move(s));
  if (!pg) return out;
  if (!table.description.empty()) out.push_back(CommentOn("TABLE " + target, table.description));
  for (const Column& c : table.columns) {
    if (!c.description.empty()) out.push_back(CommentOn("COLUMN " + target + "." + c.name, c.description));
  }
  if (root) {
    for (const LineageColumn& l : LineageColumns()) {
      out.push_back(CommentOn("COLUMN " + target + "." + l.name, l.description));
    }
  }
  return out;
}

std::vector<std::string> AddColumnDdl(Dialect dialect, const std::string& schema, const Table& table,
                                      const Column& column) {
  const std::string target = QualifiedName(dialect, schema, table.name);
  std::vector<std::string> out = {"ALTER TABLE " + target + " ADD COLUMN " + column.name + " " +
                                  SqlType(dialect, column.type)};
  if (dialect == Dialect::kPostgres && !column.description.empty()) {
    out.push_back(CommentOn("COLUMN " + target + "." + column.name, column.description));
  }
  if (IsReference(column)) {
    out.push_back("CREATE INDEX IF NOT EXISTS " + IndexName(table.name, column.name) + " ON " +
                  target + " (" + column.name + ")");
  }
  return out;
}

std::vector<std::string> AddLineageColumnDdl(Dialect dialect, const std::string& schema, const Table& table,
                                             const LineageColumn& column) {
  const std::string target = QualifiedName(dialect, schema, table.name);
  std::string add = "ALTER TABLE " + target + " ADD COLUMN " + column.name + " " + LineageType(dialect, column);
  std::vector<std::string> out = {column.not_null ? add + " DEFAULT 'default'" : add};
  if (dialect == Dialect::kPostgres) {
    // New rows always name their connection; the default only filled the rows already there.
    if (column.not_null) out.push_back("ALTER TABLE " + target + " ALTER COLUMN " + column.name + " DROP DEFAULT");
    out.push_back(CommentOn("COLUMN " + target + "." + column.name, column.description));
  }
  return out;
}

std::vector<std::string> UpgradeStateDdl(Dialect dialect, const std::string& schema,
                                         const std::vector<std::string>& missing) {
  const bool pg = dialect == Dialect::kPostgres;
  std::vector<std::string> out;
  for (const std::string& table : missing) {
    const std::string target = QualifiedName(dialect, schema, table);
    if (table == "etl_watermarks" && !pg) {  // SQLite cannot change a primary key: copy the table
      const std::string next = "etl_watermarks_upgrade";
      out.push_back(WatermarksDdl(next, "TEXT"));
      out.push_back("INSERT INTO " + next + " (connection, entity, kind, value, updated_at) "
                    "SELECT 'default', entity, kind, value, updated_at FROM etl_watermarks");
      out.push_back("DROP TABLE etl_watermarks");
      out.push_back("ALTER TABLE " + next + " RENAME TO etl_watermarks");
      continue;
    }
    out.push_back("ALTER TABLE " + target + " ADD COLUMN connection TEXT NOT NULL DEFAULT 'default'");
    if (table == "etl_watermarks") {
      out.push_back("ALTER TABLE " + target + " DROP CONSTRAINT etl_watermarks_pkey, ADD PRIMARY KEY "
                    "(connection, entity, kind)");
    }
  }
  return out;
}

std::string FullDdl(Dialect dialect, const std::string& schema,
                    const std::vector<const EntityMapping*>& mappings) {
  std::string out;
  auto add = [&out](const std::vector<std::string>& statements) {
    for (const std::string& s : statements) out += s + ";\n";
  };
  add(StateTablesDdl(dialect, schema));
  for (const EntityMapping* m : mappings) {
    out += "\n";
    add(CreateTableDdl(dialect, schema, m->root, true, nullptr));
    for (const Table& child : m->children) add(CreateTableDdl(dialect, schema, child, false, &m->root));
  }
  return out;
}

}  // namespace mews

namespace mews {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

// `upgrade_storage`: the table predates the content hash, and gets the fill factor tables are
// created with now (new pages only; PostgreSQL).
Status MigrateTable(Dialect dialect, const std::string& schema, const Table& table, bool root,
                    const Table* parent, const ColumnLookup& lookup, bool upgrade_storage,
                    std::vector<std::string>* out) {
  Result<std::vector<std::string>> existing = lookup(table.name);
  if (!existing.ok()) return existing.status();
  if (existing->empty()) {
    for (std::string& s : CreateTableDdl(dialect, schema, table, root, parent)) out->push_back(std::move(s));
    return Status::Ok();
  }
  if (upgrade_storage && dialect == Dialect::kPostgres) {
    out->push_back("ALTER TABLE " + QualifiedName(dialect, schema, table.name) + " SET (fillfactor = " +
                   kEntityFillFactor + ")");
  }
  for (const Column& c : table.columns) {
    if (Contains(*existing, c.name)) continue;
    for (std::string& s : AddColumnDdl(dialect, schema, table, c)) out->push_back(std::move(s));
  }
  if (!root) return Status::Ok();
  for (const LineageColumn& l : LineageColumns()) {
    if (Contains(*existing, l.name)) continue;
    for (std::string& s : AddLineageColumnDdl(dialect, schema, table, l)) out->push_back(std::move(s));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> MigrationDdl(Dialect dialect, const std::string& schema,
                                              const std::vector<const EntityMapping*>& mappings,
                                              const ColumnLookup& lookup) {
  std::vector<std::string> out, upgrade;
  bool create = false;
  for (const char* state : {"etl_runs", "etl_exports", "etl_watermarks", "etl_rejects", "etl_connections"}) {
    Result<std::vector<std::string>> existing = lookup(state);
    if (!existing.ok()) return existing.status();
    if (existing->empty()) create = true;
    bool keyed = std::string(state) == "etl_rejects" || std::string(state) == "etl_connections";
    if (!existing->empty() && !keyed && !Contains(*existing, "connection")) upgrade.push_back(state);
  }
  out = UpgradeStateDdl(dialect, schema, upgrade);
  if (create) {
    for (std::string& s : StateTablesDdl(dialect, schema)) out.push_back(std::move(s));
  }
  for (const EntityMapping* m : mappings) {
    Result<std::vector<std::string>> root = lookup(m->root.name);
    if (!root.ok()) return root.status();
    const bool upgrade = !root->empty() && !Contains(*root, "_content_hash");
    MEWS_RETURN_IF_ERROR(MigrateTable(dialect, schema, m->root, true, nullptr, lookup, upgrade, &out));
    for (const Table& child : m->children) {
      MEWS_RETURN_IF_ERROR(MigrateTable(dialect, schema, child, false, &m->root, lookup, upgrade, &out));
    }
  }
  return out;
}

}  // namespace mews
