// The generic loop that turns one JSON document into typed rows, driven only by a CompiledMapping.
// Internal to the transform stage: this header includes simdjson and is never included by another
// stage. Not thread-safe; one builder per transforming thread.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "schemas/row_batch.h"
#include "transform/mapping_tree.h"
#include "transform/text_stage.h"

namespace mews {

enum class BuildOutcome {
  kRow,          // the record's root row (and child rows) were appended to the batch
  kReject,       // a value or shape the mapping refuses; reason() says where and what
  kInvalidJson,  // the document is not valid JSON; reason() is "invalid JSON: <message>"
};

// A segment of the path from the record root to the value being converted; lives on the stack.
struct PathFrame {
  const PathFrame* parent = nullptr;
  std::string_view key;  // empty for the root and for array elements
  int64_t index = -1;    // array element index, or -1
};

// Where one object's values go: the row being filled and its table's staged text.
struct RowCursor {
  Cell* cells;      // the row's cells (TableRows::last_row)
  TextStage* text;  // the table's text for the record
  size_t base;      // arena offset that text's first byte will have
};

class RowBuilder {
 public:
  // `compiled` must outlive the builder.
  explicit RowBuilder(const CompiledMapping* compiled) : compiled_(compiled) {}

  // Builds the rows of one record into `batch`. The document's text must be followed by
  // simdjson::SIMDJSON_PADDING readable bytes (as the parser requires): values are copied in blocks.
  // On kRow the root row is the batch's last root row (its line number is not recorded here);
  // otherwise the batch is exactly as before the call.
  BuildOutcome Build(simdjson::ondemand::document_reference doc, RowBatch* batch);
  BuildOutcome Build(simdjson::ondemand::document& doc, RowBatch* batch);

  // Removes the rows of the record the last Build call appended (only valid after it returned
  // kRow, with `batch` unchanged since), leaving `batch` exactly as before that call.
  void Undo(RowBatch* batch) const;

  const std::string& reason() const { return reason_; }

  // The languages a localized text's preferred-language column takes, in order of preference
  // (compared without regard to case); when none is present, the first language of the text.
  void set_languages(std::vector<std::string> languages) { languages_ = std::move(languages); }

 private:
  template <typename Doc>
  BuildOutcome BuildDocument(Doc& doc, RowBatch* batch);
  bool WalkObject(simdjson::ondemand::object obj, const TableTree& tree, int node,
                  const RowCursor& row, const PathFrame& frame);
  // Finds the field's entry under `node` when the expected one did not match: sets *entry to it, or
  // to nullptr when the field is unknown and went to `_extra`. False on failure.
  [[gnu::noinline]] bool Lookup(simdjson::ondemand::field& field, const TableTree& tree, int node,
                                const PathFrame& frame, size_t* hint, const TreeEntry** entry);
  // A field whose entry is a nested object or a child table's array.
  bool WalkField(simdjson::ondemand::value& value, const TableTree& tree, const TreeEntry& entry,
                 const RowCursor& row, const PathFrame& frame);
  bool WalkArray(simdjson::ondemand::value value, const TreeEntry& entry, const PathFrame& frame);
  bool SetValue(simdjson::ondemand::value& value, const TreeEntry& entry, const RowCursor& row,
                const PathFrame& frame);
  // `token` is the value's raw token, which may end in whitespace.
  bool SetString(simdjson::ondemand::value& value, std::string_view token, const TreeEntry& entry,
                 const RowCursor& row, const PathFrame& frame);
  // SetString for what its fast path does not take: escapes, a malformed token, whitespace after
  // it, an invalid value.
  bool SetStringSlow(simdjson::ondemand::value& value, std::string_view token, const TreeEntry& entry,
                     const RowCursor& row, const PathFrame& frame);
  bool SetNumber(simdjson::ondemand::value& value, std::string_view token, const TreeEntry& entry,
                 const RowCursor& row, const PathFrame& frame);
  // Failure paths, kept out of line so that the conversions stay lean.
  [[gnu::noinline, gnu::cold]] bool WrongType(simdjson::ondemand::value& value, const PathFrame& frame,
                                              const TreeEntry& entry, const char* expected);
  [[gnu::noinline, gnu::cold]] bool FailValue(const PathFrame& frame, const TreeEntry& entry,
                                              const char* what, std::string_view value);
  // Appends the value's JSON text, checked to be valid JSON (simdjson skips what it is not asked).
  bool AppendRawJson(simdjson::ondemand::value value, simdjson::ondemand::json_type type,
                     const PathFrame& frame, std::string_view key, std::string* out);
  bool AddExtra(simdjson::ondemand::value value, const PathFrame& frame, std::string_view key);
  // A localized text whose JSON is in text_: puts it in the entry's column and the text of the
  // preferred language in entry.localized. Every value must be a string (or null).
  bool SetLocalized(simdjson::ondemand::json_type type, const TreeEntry& entry, const RowCursor& row,
                    const PathFrame& frame);
  bool CheckRequired(const TableTree& tree, int node, const RowCursor& row, const PathFrame& frame);
  bool FinishRecord();

  // The cursor for the last row of table `t` (0: the root, 1 + k: children()[k]).
  RowCursor CursorFor(size_t t) {
    TableRows& rows = t == 0 ? batch_->root() : batch_->children()[t - 1];
    return RowCursor{rows.last_row(), &stages_[t], marks_[t].arena};
  }
  // Points cell `col` of the cursor's row at its staged text from `start` to the end.
  static void SetStaged(const RowCursor& row, size_t col, size_t start) {
    row.cells[col] = Cell{Cell::kText, static_cast<uint32_t>(row.text->size() - start), row.base + start};
  }
  static void PutText(const RowCursor& row, size_t col, std::string_view text) {
    const size_t start = row.text->size();
    row.text->Append(text.data(), text.size());
    SetStaged(row, col, start);
  }
  [[gnu::noinline, gnu::cold]] bool JsonError(simdjson::error_code error);
  [[gnu::noinline, gnu::cold]] bool Fail(const PathFrame& frame, std::string_view key,
                                         std::string_view what);

  const CompiledMapping* compiled_;
  RowBatch* batch_ = nullptr;
  BuildOutcome outcome_ = BuildOutcome::kRow;
  std::string reason_;
  std::string extra_;    // the record's `_extra` object under construction
  std::string scratch_;  // raw JSON of one value being checked
  std::string text_;     // one converted value on the slow paths
  std::vector<TableRows::Mark> marks_;  // root, then children: where the record started
  // Per table like marks_: the record's text, moved to the arenas by FinishRecord. A text cell's
  // offset is the arena size at the record's start (marks_) plus its offset in the stage.
  std::vector<TextStage> stages_;
  std::vector<size_t> child_rows_;  // per child table: rows the record added
  std::vector<std::string> languages_;  // preferred languages of localized texts
  simdjson::dom::parser localized_parser_;  // one localized text at a time (a few hundred bytes)
};

// "Amount.TaxValues[0].Value" for `key` under `frame` ("record" when both are empty).
std::string PathString(const PathFrame& frame, std::string_view key);
// Appends the dotted path of `frame` itself ("Amount.TaxValues[0]"; nothing for the root).
void AppendPathTo(const PathFrame& frame, std::string* out);
const char* JsonTypeName(simdjson::ondemand::json_type type);

}  // namespace mews
