#include "load/table_reference.h"

#include "load/ddl.h"
#include "schemas/naming.h"

namespace mews {
namespace {

// Text safe inside one Markdown table cell: no line breaks, no unescaped '|'.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string Code(const std::string& text) { return "`" + text + "`"; }

void AddNote(std::string* notes, const std::string& note) {
  if (note.empty()) return;
  if (!notes->empty()) *notes += " ";
  *notes += note;
}

std::string ColumnNotes(const Column& c, bool root, const Table* parent) {
  std::string notes;
  if (root && c.name == "id") AddNote(&notes, "Primary key.");
  if (c.role == ColumnRole::kParentId) {
    AddNote(&notes, "Primary key, with `ordinal`; references " + Code(parent->name + ".id") +
                        " (ON DELETE CASCADE).");
  }
  if (c.role == ColumnRole::kOrdinal) AddNote(&notes, "0-based position in the parent's array.");
  if (c.role == ColumnRole::kData && c.required && !(root && c.name == "id")) {
    AddNote(&notes, "Required.");
  }
  if (IsReference(c)) AddNote(&notes, "Indexed.");
  for (const std::vector<std::string>& alias : c.aliases) {
    AddNote(&notes, "Also filled from " + Code(JoinPath(alias)) + ".");
  }
  AddNote(&notes, c.description);
  return Cell(notes);
}

void ColumnRow(std::string* out, const Column& c, bool root, const Table* parent) {
  const std::string path = c.path.empty() ? "—" : Code(JoinPath(c.path));
  *out += "| " + Code(c.name) + " | " + path + " | " + SqlType(Dialect::kPostgres, c.type) + " | " +
          SqlType(Dialect::kSqlite, c.type) + " | " + ColumnNotes(c, root, parent) + " |\n";
}

void TableColumns(std::string* out, const Table& table, bool root, const Table* parent) {
  *out += "| Column | JSON path | PostgreSQL | SQLite | Notes |\n|---|---|---|---|---|\n";
  for (const Column& c : table.columns) ColumnRow(out, c, root, parent);
  if (!root) return;
  for (const LineageColumn& l : LineageColumns()) {
    *out += "| " + Code(l.name) + " | — | " + l.pg_type + " | " + l.sqlite_type + " | Lineage. " + Cell(l.description) +
            " |\n";
  }
}

void RootSection(std::string* out, const EntityMapping& m) {
  *out += "\n## " + Code(m.root.name) + "\n\nEntityType " + Code(m.entity) + " (mapping " +
          Code(m.source) + ").";
  if (!m.root.description.empty()) *out += " " + m.root.description;
  *out += "\n\n";
  if (m.has_updated()) {
    const Column& updated = m.root.columns[m.updated_column];
    *out += "A record whose " + Code(updated.name) +
            " is older than the stored row's never overwrites it.\n\n";
  } else {
    *out += "No updated column: the last load of a record wins.\n\n";
  }
  TableColumns(out, m.root, true, nullptr);
}

void ChildSection(std::string* out, const EntityMapping& m, const Table& child) {
  *out += "\n### " + Code(child.name) + "\n\nChild of " + Code(m.root.name) +
          ": one row per element of " + Code(JoinPath(child.path)) +
          ", replaced whole whenever the parent row is written.";
  if (!child.description.empty()) *out += " " + child.description;
  *out += "\n\n";
  TableColumns(out, child, false, &m.root);
}

void Index(std::string* out, const std::vector<const EntityMapping*>& mappings) {
  *out += "| Table | EntityType | Columns | Child tables |\n|---|---|---|---|\n";
  for (const EntityMapping* m : mappings) {
    *out += "| [" + Code(m->root.name) + "](#" + m->root.name + ") | " + Code(m->entity) + " | " +
            std::to_string(m->root.columns.size() + LineageColumns().size()) + " | " +
            std::to_string(m->children.size()) + " |\n";
  }
}

}  // namespace

std::string TableReference(const std::vector<const EntityMapping*>& mappings) {
  std::string out =
      "# Table reference\n\n"
      "<!-- Generated from the mappings by `mews-etl schema --reference`; do not edit by hand.\n"
      "     Regenerate with: cmake --build build --target docs-reference -->\n\n"
      "Every entity table and child table `mews-etl schema` creates, with every column. "
      "[tables.md](tables.md) explains the rules behind them. PostgreSQL tables live in the schema "
      "`mews` (`--pg-schema`). Columns are listed in table order.\n\n";
  Index(&out, mappings);
  for (const EntityMapping* m : mappings) {
    RootSection(&out, *m);
    for (const Table& child : m->children) ChildSection(&out, *m, child);
  }
  return out;
}

}  // namespace mews
