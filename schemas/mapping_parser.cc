#include "schemas/mapping_parser.h"

#include <algorithm>
#include <map>
#include <set>
#include <simdjson.h>

#include "schemas/naming.h"
#include "schemas/registry.h"

namespace mews {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// Parser state for one document; every error names the source file and the field.
class MappingReader {
 public:
  explicit MappingReader(std::string source) : source_(std::move(source)) {}

  Result<EntityMapping> Read(object doc);

 private:
  Status Error(const std::string& where, const std::string& what) const {
    return Status::InvalidArgument(source_ + ": " + where + ": " + what);
  }
  Status CheckKeys(object o, const std::set<std::string>& allowed, const std::string& where) const;
  Status GetString(object o, const char* key, bool required, const std::string& where,
                   std::string* out) const;
  Status ReadFields(element fields, Table* table, std::vector<Table>* children,
                    const std::vector<std::string>& prefix, const std::string& root_table);
  Status ReadField(object f, Table* table, std::vector<Table>* children,
                   const std::vector<std::string>& prefix, const std::string& root_table);
  Status ReadChildTable(object f, const std::string& where, const std::vector<std::string>& path,
                        std::vector<Table>* children, const std::string& root_table);
  Status AddLocalized(Column col, const std::string& where, Table* table);
  Status ReadSource(object doc, EntityMapping* m) const;
  // "export_filter": "updated_utc" (the default) or "posting"; refused on a reference type.
  Status ReadExportFilter(object doc, EntityMapping* m) const;
  // `arrays`: the child tables whose arrays sit in `table` (the root), so that an array path may
  // neither repeat nor nest with a field of the table or another array.
  Status CheckNames(const Table& table, const std::vector<Table>& arrays = {}) const;

  std::string source_;
  // column name -> overridden (true when the file gave "column"), per table, for collision checks
  std::map<std::string, std::string> derived_names_;
};

Status MappingReader::CheckKeys(object o, const std::set<std::string>& allowed,
                                const std::string& where) const {
  for (auto field : o) {
    std::string key(field.key);
    if (!allowed.count(key)) return Error(where, "unknown key '" + key + "'");
  }
  return Status::Ok();
}

Status MappingReader::ReadExportFilter(object doc, EntityMapping* m) const {
  std::string name;
  MEWS_RETURN_IF_ERROR(GetString(doc, "export_filter", false, "top level", &name));
  if (name.empty()) return Status::Ok();
  if (m->is_reference()) return Error("\"export_filter\"", "a reference type is not exported");
  for (ExportFilter f : {ExportFilter::kUpdatedUtc, ExportFilter::kPosting}) {
    if (name == ExportFilterName(f)) {
      m->export_filter = f;
      return Status::Ok();
    }
  }
  return Error("\"export_filter\"", "unknown filter '" + name + "' (updated_utc or posting)");
}

Status MappingReader::GetString(object o, const char* key, bool required, const std::string& where,
                                std::string* out) const {
  element e;
  if (o[key].get(e) != simdjson::SUCCESS) {
    return required ? Error(where, std::string("missing \"") + key + "\"") : Status::Ok();
  }
  std::string_view sv;
  if (e.get_string().get(sv) != simdjson::SUCCESS) {
    return Error(where, std::string("\"") + key + "\" must be a string");
  }
  *out = std::string(sv);
  return Status::Ok();
}

Status MappingReader::ReadChildTable(object f, const std::string& where,
                                     const std::vector<std::string>& path,
                                     std::vector<Table>* children, const std::string& root_table) {
  Table child;
  child.path = path;
  const std::string derived = root_table + "_" + ColumnNameForPath(path);
  child.name = derived;
  MEWS_RETURN_IF_ERROR(GetString(f, "table", false, where, &child.name));
  if (child.name != derived && derived.size() <= kMaxIdentifierBytes) {
    return Error(where, "\"table\" overrides the contract's name '" + derived +
                            "' although it does not exceed 63 bytes");
  }
  MEWS_RETURN_IF_ERROR(GetString(f, "description", false, where, &child.description));
  Column parent;
  parent.name = "parent_id";
  parent.type = ColumnType::kUuid;
  parent.role = ColumnRole::kParentId;
  parent.required = true;
  Column ordinal;
  ordinal.name = "ordinal";
  ordinal.type = ColumnType::kInteger;
  ordinal.role = ColumnRole::kOrdinal;
  ordinal.required = true;
  child.columns = {parent, ordinal};
  element fields;
  if (f["fields"].get(fields) != simdjson::SUCCESS) return Error(where, "an array needs \"fields\"");
  MEWS_RETURN_IF_ERROR(ReadFields(fields, &child, nullptr, {}, root_table));
  children->push_back(std::move(child));
  return Status::Ok();
}

Status MappingReader::ReadField(object f, Table* table, std::vector<Table>* children,
                                const std::vector<std::string>& prefix,
                                const std::string& root_table) {
  std::string dotted;
  MEWS_RETURN_IF_ERROR(GetString(f, "path", true, "field", &dotted));
  const std::string where = "field '" + JoinPath(prefix) + (prefix.empty() ? "" : ".") + dotted + "'";
  MEWS_RETURN_IF_ERROR(CheckKeys(
      f, {"path", "type", "required", "description", "column", "aliases", "table", "fields"}, where));
  std::vector<std::string> path = SplitPath(dotted);
  for (const std::string& segment : path) {
    if (segment.empty()) return Error(where, "empty path segment");
  }
  std::string type_name;
  MEWS_RETURN_IF_ERROR(GetString(f, "type", true, where, &type_name));
  if (type_name == "array") {
    if (children == nullptr) {
      return Error(where, "arrays of objects inside a child table are not supported; use type json");
    }
    return ReadChildTable(f, where, path, children, root_table);
  }
  const bool localized = type_name == "localized";
  if (localized) type_name = "json";
  Column col;
  col.path = path;
  if (!ParseColumnType(type_name, &col.type)) {
    return Error(where, "unknown type '" + type_name + "' (uuid, timestamp, date, duration, decimal, "
                        "integer, boolean, text, json, localized, array)");
  }
  element e;
  if (f["required"].get(e) == simdjson::SUCCESS && e.get_bool().get(col.required) != simdjson::SUCCESS) {
    return Error(where, "\"required\" must be true or false");
  }
  MEWS_RETURN_IF_ERROR(GetString(f, "description", false, where, &col.description));
  std::string derived = ColumnNameForPath(path);
  col.name = derived;
  std::string override_name;
  MEWS_RETURN_IF_ERROR(GetString(f, "column", false, where, &override_name));
  if (!override_name.empty()) {
    col.name = override_name;
    derived_names_[table->name + "." + col.name] = derived;
  }
  if (f["aliases"].get(e) == simdjson::SUCCESS) {
    simdjson::dom::array aliases;
    if (e.get_array().get(aliases) != simdjson::SUCCESS) return Error(where, "\"aliases\" must be an array");
    for (element a : aliases) {
      std::string_view sv;
      if (a.get_string().get(sv) != simdjson::SUCCESS) return Error(where, "aliases must be strings");
      col.aliases.push_back(SplitPath(sv));
    }
  }
  if (localized) return AddLocalized(std::move(col), where, table);
  table->columns.push_back(std::move(col));
  return Status::Ok();
}

// A localized text ({"en-US": "...", ...}) becomes its json column (`names`) and, right after it,
// the text in the preferred language, named without the trailing "s" (`name`), or with "_text"
// appended when there is none (`description` -> `description_text`).
Status MappingReader::AddLocalized(Column col, const std::string& where, Table* table) {
  if (!col.aliases.empty()) return Error(where, "a localized field takes no aliases");
  Column text;
  const bool plural = col.name.size() > 1 && col.name.back() == 's';
  text.name = plural ? col.name.substr(0, col.name.size() - 1) : col.name + "_text";
  text.type = ColumnType::kText;
  text.role = ColumnRole::kLocalizedName;
  text.path = col.path;
  text.description = "The text of " + col.name + " in the preferred language (--language), else the "
                     "enterprise's default language, else the first one present.";
  table->columns.push_back(std::move(col));
  table->columns.push_back(std::move(text));
  return Status::Ok();
}

Status MappingReader::ReadFields(element fields, Table* table, std::vector<Table>* children,
                                 const std::vector<std::string>& prefix,
                                 const std::string& root_table) {
  simdjson::dom::array arr;
  if (fields.get_array().get(arr) != simdjson::SUCCESS) {
    return Error(table->name, "\"fields\" must be an array");
  }
  for (element item : arr) {
    object f;
    if (item.get_object().get(f) != simdjson::SUCCESS) {
      return Error(table->name, "every entry of \"fields\" must be an object");
    }
    MEWS_RETURN_IF_ERROR(ReadField(f, table, children, prefix, root_table));
  }
  return Status::Ok();
}

// Column names valid and unique; a path is never both a leaf and an object; overrides only where
// the naming rule would collide or exceed the identifier limit.
Status MappingReader::CheckNames(const Table& table, const std::vector<Table>& arrays) const {
  if (!IsValidIdentifier(table.name)) {
    return Error("table '" + table.name + "'", "not a valid identifier of at most 63 bytes");
  }
  std::set<std::string> names;
  std::set<std::string> leaves;
  for (const Column& c : table.columns) {
    const std::string where = "column '" + c.name + "'";
    if (!IsValidIdentifier(c.name)) {
      return Error(where + " (table " + table.name + ")",
                   "not a valid identifier of at most 63 bytes; set \"column\" to a shorter name");
    }
    if (!names.insert(c.name).second) {
      return Error(where + " (table " + table.name + ")", "duplicate column name");
    }
    std::vector<std::vector<std::string>> paths = c.aliases;
    if (c.role == ColumnRole::kData) paths.push_back(c.path);
    for (const auto& p : paths) {
      if (!leaves.insert(JoinPath(p)).second) return Error(where, "path '" + JoinPath(p) + "' mapped twice");
    }
  }
  for (const Table& array : arrays) {
    if (!leaves.insert(JoinPath(array.path)).second) {
      return Error("array '" + JoinPath(array.path) + "'", "path mapped twice");
    }
  }
  for (const std::string& leaf : leaves) {
    auto it = leaves.upper_bound(leaf + ".");
    if (it != leaves.end() && it->rfind(leaf + ".", 0) == 0) {
      return Error("field '" + leaf + "'", "is a leaf and also has fields below it ('" + *it + "')");
    }
  }
  for (const auto& [qualified, derived] : derived_names_) {
    if (qualified.rfind(table.name + ".", 0) != 0) continue;
    bool needed = derived.size() > kMaxIdentifierBytes;
    for (const Column& c : table.columns) needed = needed || (c.name == derived);
    if (!needed) {
      return Error("column '" + qualified + "'",
                   "\"column\" overrides the contract's name '" + derived +
                       "' although it neither collides nor exceeds 63 bytes");
    }
  }
  return Status::Ok();
}

// "source": {"operation", "collection", "paged" (default true), "parameters" (object),
//            "ids": {"ServiceIds": "Service"} (at most one)}: a reference type's */getAll call.
Status MappingReader::ReadSource(object doc, EntityMapping* m) const {
  object o;
  if (doc["source"].get_object().get(o) != simdjson::SUCCESS) {
    if (doc["source"].error() == simdjson::NO_SUCH_FIELD) return Status::Ok();
    return Error("\"source\"", "must be an object");
  }
  const std::string where = "\"source\"";
  MEWS_RETURN_IF_ERROR(CheckKeys(o, {"operation", "collection", "paged", "parameters", "ids"}, where));
  ReferenceSource r;
  MEWS_RETURN_IF_ERROR(GetString(o, "operation", true, where, &r.operation));
  MEWS_RETURN_IF_ERROR(GetString(o, "collection", true, where, &r.collection));
  element e;
  if (o["paged"].get(e) == simdjson::SUCCESS && e.get_bool().get(r.paged) != simdjson::SUCCESS) {
    return Error(where, "\"paged\" must be true or false");
  }
  r.parameters = "{}";
  if (o["parameters"].get(e) == simdjson::SUCCESS) {
    if (!e.is_object()) return Error(where, "\"parameters\" must be an object");
    r.parameters = simdjson::minify(e);
  }
  object ids;
  if (o["ids"].get(e) == simdjson::SUCCESS) {
    if (e.get_object().get(ids) != simdjson::SUCCESS) return Error(where, "\"ids\" must be an object");
    for (auto field : ids) {
      if (!r.ids_parameter.empty()) return Error(where, "\"ids\" takes one parameter");
      std::string_view from;
      if (field.value.get_string().get(from) != simdjson::SUCCESS) {
        return Error(where, "\"ids\" maps a parameter to a reference type name");
      }
      r.ids_parameter = std::string(field.key);
      r.ids_from = std::string(from);
    }
  }
  if (r.operation.empty() || r.collection.empty()) return Error(where, "operation and collection must not be empty");
  m->reference = std::move(r);
  return Status::Ok();
}

int FindColumn(const Table& t, const std::vector<std::string>& path) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].role == ColumnRole::kData && t.columns[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

Result<EntityMapping> MappingReader::Read(object doc) {
  MEWS_RETURN_IF_ERROR(
      CheckKeys(doc, {"entity", "table", "key", "updated", "description", "source", "export_filter", "fields"},
                "top level"));
  EntityMapping m;
  m.source = source_;
  MEWS_RETURN_IF_ERROR(GetString(doc, "entity", true, "top level", &m.entity));
  MEWS_RETURN_IF_ERROR(ReadSource(doc, &m));
  const auto& all = m.is_reference() ? AllReferenceTypes() : AllEntityTypes();
  if (std::find(all.begin(), all.end(), m.entity) == all.end()) {
    return Error("\"entity\"", "unknown " + std::string(m.is_reference() ? "reference type" : "EntityType") +
                                   " '" + m.entity + "' (valid: " +
                                   (m.is_reference() ? ReferenceTypeList() : EntityTypeList()) + ")");
  }
  MEWS_RETURN_IF_ERROR(ReadExportFilter(doc, &m));
  MEWS_RETURN_IF_ERROR(GetString(doc, "table", true, "top level", &m.root.name));
  MEWS_RETURN_IF_ERROR(GetString(doc, "description", false, "top level", &m.root.description));
  std::string key, updated;
  MEWS_RETURN_IF_ERROR(GetString(doc, "key", true, "top level", &key));
  MEWS_RETURN_IF_ERROR(GetString(doc, "updated", false, "top level", &updated));
  element fields;
  if (doc["fields"].get(fields) != simdjson::SUCCESS) return Error("top level", "missing \"fields\"");
  MEWS_RETURN_IF_ERROR(ReadFields(fields, &m.root, &m.children, {}, m.root.name));
  Column extra;
  extra.name = "_extra";
  extra.type = ColumnType::kJson;
  extra.role = ColumnRole::kExtra;
  extra.description = "Fields of the record that this mapping does not know, as a JSON object.";
  m.root.columns.push_back(extra);

  m.key_column = FindColumn(m.root, SplitPath(key));
  if (m.key_column < 0 ||
      (m.root.columns[m.key_column].type != ColumnType::kUuid &&
       m.root.columns[m.key_column].type != ColumnType::kText) ||
      m.root.columns[m.key_column].name != "id") {
    return Error("\"key\"", "'" + key + "' must be a uuid or text field mapped to column id");
  }
  m.root.columns[m.key_column].required = true;
  derived_names_.erase(m.root.name + ".id");  // "column": "id" is how a key other than Id is named
  for (Table& child : m.children) child.columns[0].type = m.root.columns[m.key_column].type;
  if (!updated.empty()) {
    m.updated_column = FindColumn(m.root, SplitPath(updated));
    if (m.updated_column < 0 || m.root.columns[m.updated_column].type != ColumnType::kTimestamp) {
      return Error("\"updated\"", "'" + updated + "' must be a timestamp field of the mapping");
    }
  }
  MEWS_RETURN_IF_ERROR(CheckNames(m.root, m.children));
  for (const Table& child : m.children) MEWS_RETURN_IF_ERROR(CheckNames(child));
  return m;
}

}  // namespace

Result<EntityMapping> ParseMapping(std::string_view json, const std::string& source) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element doc;
  if (auto err = parser.parse(padded).get(doc)) {
    return Status::InvalidArgument(source + ": not valid JSON: " + simdjson::error_message(err));
  }
  object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) {
    return Status::InvalidArgument(source + ": top level must be a JSON object");
  }
  Result<EntityMapping> mapping = MappingReader(source).Read(root);
  if (mapping.ok()) return mapping;
  // Messages quote the file's own text (names, types): control characters in it are shown as
  // \xHH, so that the message stays one line.
  std::string line;
  for (unsigned char c : mapping.status().message()) {
    if (c >= 0x20 && c != 0x7f) {
      line += static_cast<char>(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      line += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
    }
  }
  return Status::InvalidArgument(line);
}

}  // namespace mews
