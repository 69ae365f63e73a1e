// The */getAll reply pages of one reference type (MEWS_FUZZ_ENTITY, set per target in CMake) through
// PageTransformer, over arbitrary bytes. The input is up to 4 pages separated by '\f' (never in
// JSON text). Invariants:
// - a page is either PageInfo or ParseError "OPERATION page N: what", one line of UTF-8 without NUL;
// - every record becomes exactly one row or one reject: over all pages their positions are 1..N in
//   order, N = the records counted (TransformStats agree); rows hold canonical values
//   (transform_check.h); a reject names the operation, its reason is one line of UTF-8 without
//   NUL and its raw text is storable (UTF-8 without NUL);
// - on a page that simdjson's DOM parser accepts with unique collection and Cursor keys, the
//   outcome is exactly predicted: an error unless the collection is an array and the Cursor is a
//   string, null or absent; otherwise as many records as the array holds, each reject's raw text a
//   whole JSON value, and the Cursor returned only when it is a string, with its value;
// - the input read as JSON Lines, its lines that are JSON values joined into one page, gives the
//   same rows and rejects (reason and raw text) as the JSON Lines transform of those lines.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/transform_check.h"
#include "transform/page.h"
#include "transform/values.h"

namespace {

using mews::fuzz::Printable;

constexpr size_t kMaxPages = 4;

const mews::EntityMapping& Mapping() {
  static const mews::EntityMapping& mapping = mews::fuzz::BuiltinMapping(MEWS_FUZZ_ENTITY);
  FUZZ_CHECK(mapping.is_reference(), MEWS_FUZZ_ENTITY);
  return mapping;
}

const std::string& Operation() { return Mapping().reference->operation; }
const std::string& Collection() { return Mapping().reference->collection; }

bool OneStorableLine(const std::string& s) {
  return s.find_first_of("\r\n") == std::string::npos && s.find('\0') == std::string::npos && mews::IsValidUtf8(s);
}

struct PageOutcome {
  std::vector<std::optional<mews::PageInfo>> infos;  // per page transformed; nullopt for the failed one
  std::string error;                                 // the failed page's message, "" when none
  std::vector<std::pair<uint64_t, std::string>> root;     // (position, cells)
  std::vector<std::vector<std::string>> children;         // cells per row, per child table
  std::vector<std::pair<uint64_t, mews::fuzz::RejectSeen>> rejects;  // (position, reject)
  mews::TransformStats stats;
};

class PageConsumer : public mews::BatchConsumer {
 public:
  explicit PageConsumer(PageOutcome* out) : out_(out) {}

  mews::Status OnBatch(std::unique_ptr<mews::RowBatch> batch) override {
    FUZZ_CHECK(batch->rows() > 0 && batch->lines.size() == batch->rows(), "batch shape");
    FUZZ_CHECK(batch->file == Operation(), batch->file);
    const mews::EntityMapping& mapping = batch->mapping();
    const mews::TableRows& root = batch->root();
    for (size_t r = 0; r < root.size(); ++r) {
      FUZZ_CHECK(!root.is_null(r, static_cast<size_t>(mapping.key_column)), "key of record " + std::to_string(r));
      for (size_t c = 0; c < root.width(); ++c) {
        const mews::Column& column = mapping.root.columns[c];
        if (column.required && column.path.size() == 1 && column.aliases.empty()) {
          FUZZ_CHECK(!root.is_null(r, c), column.name + " required");
        }
        mews::fuzz::CheckCell(root, r, c, nullptr);
      }
      out_->root.emplace_back(batch->lines[r], mews::fuzz::RenderRow(root, r));
    }
    out_->children.resize(batch->children().size());
    for (size_t k = 0; k < batch->children().size(); ++k) {
      const mews::TableRows& child = batch->children()[k];
      for (size_t r = 0; r < child.size(); ++r) {
        for (size_t c = 0; c < child.width(); ++c) mews::fuzz::CheckCell(child, r, c, nullptr);
        out_->children[k].push_back(mews::fuzz::RenderRow(child, r));
      }
    }
    return mews::Status::Ok();
  }

  mews::Status OnReject(const mews::Reject& reject) override {
    FUZZ_CHECK(reject.file == Operation(), reject.file);
    FUZZ_CHECK(!reject.reason.empty() && OneStorableLine(reject.reason), "reason '" + Printable(reject.reason) + "'");
    FUZZ_CHECK(!reject.raw.empty() && reject.raw.find('\0') == std::string::npos && mews::IsValidUtf8(reject.raw),
               "raw '" + Printable(reject.raw) + "'");
    out_->rejects.emplace_back(reject.line, mews::fuzz::RejectSeen{reject.reason, reject.raw});
    return mews::Status::Ok();
  }

 private:
  PageOutcome* out_;
};

// The pages through one transformer, up to the first failed page, with the accounting checked.
PageOutcome Transform(const std::vector<std::string_view>& pages) {
  PageOutcome out;
  PageConsumer consumer(&out);
  mews::TransformOptions options;
  options.languages = {"de-DE"};
  options.batch_rows = 3;
  auto created = mews::PageTransformer::Create(Mapping(), options, &consumer);
  FUZZ_CHECK(created.ok(), created.status().message());
  mews::PageTransformer& transformer = *created.value();
  uint64_t bytes = 0, items = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::string body(pages[i]);
    bytes += body.size();
    const int page = static_cast<int>(i) + 1;
    mews::Result<mews::PageInfo> info = transformer.Transform(body, page);
    if (!info.ok()) {
      const std::string& m = info.status().message();
      const std::string detail = Printable(m) + " from " + Printable(body);
      FUZZ_CHECK(info.status().code() == mews::StatusCode::kParseError, detail);
      FUZZ_CHECK(m.rfind(Operation() + " page " + std::to_string(page) + ": ", 0) == 0, detail);
      FUZZ_CHECK(OneStorableLine(m), detail);
      out.error = m;
      out.infos.emplace_back();
      break;
    }
    items += info->items;
    out.infos.emplace_back(info.value());
  }
  FUZZ_CHECK(transformer.Finish().ok(), "Finish");
  out.stats = transformer.stats();

  // Every record exactly once, as a row or a reject, in order.
  std::vector<uint64_t> all;
  size_t a = 0, b = 0;
  while (a < out.root.size() || b < out.rejects.size()) {
    const bool take_row = b == out.rejects.size() || (a < out.root.size() && out.root[a].first < out.rejects[b].first);
    const uint64_t next = take_row ? out.root[a++].first : out.rejects[b++].first;
    FUZZ_CHECK(next == all.size() + 1, "record " + std::to_string(next) + " out of order, twice or missing");
    all.push_back(next);
  }
  const mews::TransformStats& s = out.stats;
  FUZZ_CHECK(s.lines == all.size() && s.rows == out.root.size() && s.rejects == out.rejects.size() && s.bytes == bytes,
             "stats");
  // A failed page may have handed over records before its error; the others count exactly.
  FUZZ_CHECK(out.error.empty() ? s.lines == items : s.lines >= items, "items");
  return out;
}

// What simdjson's DOM parser says a page must give (see the file comment); nothing when it does
// not accept the page or the page repeats the collection or Cursor key.
void CheckAgainstDom(std::string_view body, const std::optional<mews::PageInfo>& info, const std::string& error,
                     const PageOutcome& out, uint64_t first_position) {
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) return;
  const std::string detail = Printable(body) + " gave '" + Printable(error) + "'";
  simdjson::dom::object top;
  if (doc.get_object().get(top) != simdjson::SUCCESS) {
    FUZZ_CHECK(!info, detail);
    return;
  }
  int collections = 0, cursors = 0;
  simdjson::dom::element collection, cursor;
  for (auto field : top) {
    if (field.key == Collection()) ++collections, collection = field.value;
    if (field.key == "Cursor") ++cursors, cursor = field.value;
  }
  if (collections > 1 || cursors > 1) return;
  simdjson::dom::array records;
  const bool is_array = collections == 1 && collection.get_array().get(records) == simdjson::SUCCESS;
  const bool cursor_ok = cursors == 0 || cursor.is_null() || cursor.is_string();
  FUZZ_CHECK(info.has_value() == (is_array && cursor_ok), detail);
  if (!info) return;
  FUZZ_CHECK(info->items == records.size(), detail);
  if (cursors == 1 && cursor.is_string()) {
    FUZZ_CHECK(info->cursor && *info->cursor == std::string_view(cursor.get_string().value()), detail);
  } else {
    FUZZ_CHECK(!info->cursor, detail);
  }
  for (const auto& [position, reject] : out.rejects) {
    if (position < first_position || position >= first_position + info->items) continue;
    FUZZ_CHECK(mews::IsValidJson(reject.raw), "reject raw '" + Printable(reject.raw) + "' of " + detail);
  }
}

std::string_view Trimmed(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// The input's lines that are whole JSON values, as one page and as JSON Lines: the same outcome.
void CheckSameAsJsonLines(std::string_view bytes) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= bytes.size()) {
    size_t nl = bytes.find('\n', start);
    if (nl == std::string_view::npos) nl = bytes.size();
    const std::string_view line = Trimmed(bytes.substr(start, nl - start));
    if (!line.empty() && mews::IsValidJson(line)) lines.emplace_back(line);
    start = nl + 1;
  }
  if (lines.empty()) return;
  std::string body = "{\"" + Collection() + "\":[", jsonl;
  for (size_t i = 0; i < lines.size(); ++i) {
    body += (i ? "," : "") + lines[i];
    jsonl += lines[i] + "\n";
  }
  body += "]}";
  const PageOutcome page = Transform({body});
  FUZZ_CHECK(page.error.empty() && page.infos.size() == 1 && page.infos[0]->items == lines.size(),
             Printable(page.error) + " from " + Printable(body));
  mews::TransformOptions options;
  options.window_bytes = 64 << 10;
  options.languages = {"de-DE"};
  const mews::fuzz::Outcome file = mews::fuzz::TransformChecked(jsonl, Mapping(), options, 1);
  FUZZ_CHECK(page.root == file.root, "rows differ from the JSON Lines transform of " + Printable(jsonl));
  if (page.rejects != file.rejects) {
    std::string diff = std::to_string(page.rejects.size()) + " vs " + std::to_string(file.rejects.size());
    for (size_t i = 0; i < page.rejects.size() && i < file.rejects.size(); ++i) {
      if (page.rejects[i] == file.rejects[i]) continue;
      diff = "record " + std::to_string(page.rejects[i].first) + ": '" + Printable(page.rejects[i].second.Render()) +
             "' vs line " + std::to_string(file.rejects[i].first) + ": '" +
             Printable(file.rejects[i].second.Render()) + "'";
      break;
    }
    FUZZ_CHECK(false, "rejects differ from the JSON Lines transform (" + diff + ") of " + Printable(jsonl));
  }
  std::vector<std::vector<std::string>> page_children = page.children, file_children = file.children;
  page_children.resize(Mapping().children.size());
  file_children.resize(Mapping().children.size());
  FUZZ_CHECK(page_children == file_children, "child rows differ from the JSON Lines transform of " + Printable(jsonl));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> pages;
  size_t start = 0;
  while (pages.size() < kMaxPages) {
    const size_t ff = bytes.find('\f', start);
    if (ff == std::string_view::npos || pages.size() + 1 == kMaxPages) {
      pages.push_back(bytes.substr(start));
      break;
    }
    pages.push_back(bytes.substr(start, ff - start));
    start = ff + 1;
  }
  const PageOutcome out = Transform(pages);
  uint64_t position = 1;
  for (size_t i = 0; i < out.infos.size(); ++i) {
    CheckAgainstDom(pages[i], out.infos[i], i + 1 == out.infos.size() ? out.error : "", out, position);
    if (out.infos[i]) position += out.infos[i]->items;
  }
  if (pages.size() == 1) CheckSameAsJsonLines(bytes);
  return 0;
}
