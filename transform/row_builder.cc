#include "transform/row_builder.h"

#include <utility>

#include "schemas/naming.h"
#include "transform/values.h"

namespace mews {

namespace od = simdjson::ondemand;

const char* JsonTypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "array";
    case od::json_type::object: return "object";
    case od::json_type::number: return "number";
    case od::json_type::string: return "string";
    case od::json_type::boolean: return "boolean";
    case od::json_type::null: return "null";
  }
  return "unknown";
}

void AppendPathTo(const PathFrame& frame, std::string* out) {
  if (frame.parent != nullptr) AppendPathTo(*frame.parent, out);
  if (frame.index >= 0) {
    *out += '[';
    *out += std::to_string(frame.index);
    *out += ']';
  } else if (!frame.key.empty()) {
    if (!out->empty()) *out += '.';
    out->append(frame.key.data(), frame.key.size());
  }
}

namespace {

// `path` as one line of valid UTF-8: control characters are JSON-escaped, bytes of an invalid
// sequence (a key may decode to a lone surrogate) become \xNN.
std::string PrintablePath(std::string_view path) {
  std::string escaped;
  AppendJsonEscaped(path, &escaped, JsonNul::kReplace);
  if (IsValidUtf8(escaped)) return escaped;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : escaped) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else {
      const char esc[4] = {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
      out.append(esc, 4);
    }
  }
  return out;
}

}  // namespace

std::string PathString(const PathFrame& frame, std::string_view key) {
  std::string out;
  AppendPathTo(frame, &out);
  if (!key.empty()) {
    if (!out.empty()) out += '.';
    out.append(key.data(), key.size());
  }
  return out.empty() ? "record" : PrintablePath(out);
}

bool RowBuilder::JsonError(simdjson::error_code error) {
  outcome_ = BuildOutcome::kInvalidJson;
  reason_ = std::string("invalid JSON: ") + simdjson::error_message(error);
  return false;
}

bool RowBuilder::Fail(const PathFrame& frame, std::string_view key, std::string_view what) {
  outcome_ = BuildOutcome::kReject;
  reason_ = PathString(frame, key);
  reason_ += ": ";
  reason_.append(what.data(), what.size());
  return false;
}

BuildOutcome RowBuilder::Build(od::document_reference doc, RowBatch* batch) {
  return BuildDocument(doc, batch);
}

BuildOutcome RowBuilder::Build(od::document& doc, RowBatch* batch) { return BuildDocument(doc, batch); }

template <typename Doc>
BuildOutcome RowBuilder::BuildDocument(Doc& doc, RowBatch* batch) {
  batch_ = batch;
  od::json_type type;
  if (auto error = doc.type().get(type)) return JsonError(error), outcome_;
  const PathFrame root_frame;
  if (type != od::json_type::object) {
    Fail(root_frame, {}, std::string("expected an object, got ") + JsonTypeName(type));
    return outcome_;
  }
  od::object obj;
  if (auto error = doc.get_object().get(obj)) return JsonError(error), outcome_;
  const size_t tables = batch->children().size() + 1;
  if (marks_.size() != tables) marks_.resize(tables);
  marks_[0] = batch->root().mark();
  for (size_t k = 1; k < tables; ++k) marks_[k] = batch->children()[k - 1].mark();
  if (stages_.size() != tables) stages_.resize(tables);
  for (TextStage& stage : stages_) stage.Clear();
  child_rows_.assign(tables - 1, 0);
  extra_.clear();
  batch->root().AddRow();
  if (WalkObject(obj, compiled_->root, 0, CursorFor(0), root_frame) && FinishRecord()) {
    return BuildOutcome::kRow;
  }
  Undo(batch);
  return outcome_;
}

void RowBuilder::Undo(RowBatch* batch) const {
  batch->root().Rollback(marks_[0]);
  for (size_t k = 0; k < batch->children().size(); ++k) batch->children()[k].Rollback(marks_[k + 1]);
}

bool RowBuilder::Lookup(od::field& field, const TableTree& tree, int node, const PathFrame& frame,
                        size_t* hint, const TreeEntry** entry) {
  *entry = nullptr;
  int index = tree.FindRaw(node, field.key().raw(), hint);
  if (index < 0) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonError(error);
    index = tree.Find(node, key, hint);
    if (index < 0) return AddExtra(field.value(), frame, key);
  }
  *entry = &tree.nodes[node].entries[static_cast<size_t>(index)];
  return true;
}

bool RowBuilder::WalkField(od::value& value, const TableTree& tree, const TreeEntry& entry,
                           const RowCursor& row, const PathFrame& frame) {
  if (entry.kind == TreeEntry::kArray) return WalkArray(value, entry, frame);
  od::json_type type;
  if (auto error = value.type().get(type)) return JsonError(error);
  if (type == od::json_type::null) return true;
  if (type != od::json_type::object) {
    return Fail(frame, entry.key, std::string("expected an object, got ") + JsonTypeName(type));
  }
  od::object sub;
  if (auto error = value.get_object().get(sub)) return JsonError(error);
  const PathFrame sub_frame{&frame, entry.key, -1};
  return WalkObject(sub, tree, entry.node, row, sub_frame);
}

bool RowBuilder::WalkArray(od::value value, const TreeEntry& entry, const PathFrame& frame) {
  od::json_type type;
  if (auto error = value.type().get(type)) return JsonError(error);
  if (type == od::json_type::null) return true;
  if (type != od::json_type::array) {
    return Fail(frame, entry.key, std::string("expected an array, got ") + JsonTypeName(type));
  }
  od::array array;
  if (auto error = value.get_array().get(array)) return JsonError(error);
  TableRows* rows = &batch_->children()[entry.child];
  const TableTree& tree = compiled_->children[entry.child];
  const PathFrame array_frame{&frame, entry.key, -1};
  int64_t index = 0;
  for (auto result : array) {
    od::value element;
    if (auto error = std::move(result).get(element)) return JsonError(error);
    const PathFrame element_frame{&array_frame, {}, index};
    if (auto error = element.type().get(type)) return JsonError(error);
    if (type != od::json_type::object) {
      return Fail(element_frame, {}, std::string("expected an object, got ") + JsonTypeName(type));
    }
    od::object obj;
    if (auto error = element.get_object().get(obj)) return JsonError(error);
    rows->AddRow();
    ++child_rows_[static_cast<size_t>(entry.child)];
    rows->SetInt(1, index);
    if (!WalkObject(obj, tree, 0, CursorFor(1 + static_cast<size_t>(entry.child)), element_frame)) {
      return false;
    }
    ++index;
  }
  return true;
}

bool RowBuilder::CheckRequired(const TableTree& tree, int node, const RowCursor& row,
                               const PathFrame& frame) {
  for (int c : tree.nodes[node].required_columns) {
    if (row.cells[c].kind == Cell::kNull) {
      return Fail(frame, tree.table->columns[c].path.back(), "missing required field");
    }
  }
  return true;
}

bool RowBuilder::FinishRecord() {
  // No TableRows::size() here: each is a division, and this runs once per record per table.
  TableRows& root = batch_->root();
  const RowCursor top = CursorFor(0);
  const EntityMapping& mapping = *compiled_->mapping;
  if (compiled_->extra_column >= 0 && !extra_.empty()) {
    extra_ += '}';
    PutText(top, static_cast<size_t>(compiled_->extra_column), extra_);
  }
  root.arena().append(stages_[0].view().data(), stages_[0].size());
  const Cell id = top.cells[mapping.key_column];
  for (size_t k = 0; k < batch_->children().size(); ++k) {
    TableRows& child = batch_->children()[k];
    TextStage& stage = stages_[k + 1];
    if (child_rows_[k] != 0) {
      if (id.kind == Cell::kNull) {
        return Fail(PathFrame{}, JoinPath(mapping.root.columns[mapping.key_column].path),
                    "missing required field");
      }
      const size_t start = marks_[k + 1].arena + stage.size();
      stage.Append(root.arena().data() + id.bits, id.size);
      const size_t first = marks_[k + 1].cells / child.width();
      for (size_t r = first; r < first + child_rows_[k]; ++r) child.SetTextAt(r, 0, start, id.size);
    }
    if (stage.size() != 0) child.arena().append(stage.view().data(), stage.size());
  }
  return true;
}

}  // namespace mews
