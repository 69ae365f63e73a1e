// PageTransformer: one pass of the on-demand parser over a response finds the collection's records
// and the Cursor; each record is then parsed on its own, in place, and built by the RowBuilder, just
// as FileTransformer does with a line. A record is read twice by simdjson's first stage, which is
// cheap next to building it, and gives every reject its exact raw text.
#include "transform/page.h"

#include <simdjson.h>

#include "transform/mapping_tree.h"
#include "transform/row_builder.h"
#include "transform/values.h"

namespace mews {
namespace {

namespace od = simdjson::ondemand;

class PageTransformerImpl : public PageTransformer {
 public:
  PageTransformerImpl(CompiledMapping compiled, const TransformOptions& options, BatchConsumer* consumer)
      : compiled_(std::move(compiled)),
        options_(options),
        consumer_(consumer),
        builder_(&compiled_),
        batch_(NewBatch()) {
    builder_.set_languages(options_.languages);
  }

  Result<PageInfo> Transform(const std::string& body, int page) override;
  Status Finish() override { return Flush(); }
  const TransformStats& stats() const override { return stats_; }

 private:
  const ReferenceSource& source() const { return *compiled_.mapping->reference; }
  std::unique_ptr<RowBatch> NewBatch() const {
    auto batch = std::make_unique<RowBatch>(compiled_.mapping);
    batch->file = compiled_.mapping->reference->operation;
    return batch;
  }
  Status PageError(int page, const std::string& what) const {
    return Status::ParseError(source().operation + " page " + std::to_string(page) + ": " + what);
  }
  Status Records(od::value collection, const char* buffer_end, int page, PageInfo* info);
  Status Record(std::string_view raw, const char* buffer_end);
  Status Reject(std::string_view raw, const std::string& reason);
  Status Flush();

  CompiledMapping compiled_;
  TransformOptions options_;
  BatchConsumer* consumer_;
  RowBuilder builder_;
  std::unique_ptr<RowBatch> batch_;
  od::parser page_parser_;
  od::parser record_parser_;
  TransformStats stats_;
  uint64_t position_ = 0;  // records seen over all pages
};

Result<PageInfo> PageTransformerImpl::Transform(const std::string& body, int page) {
  simdjson::padded_string padded(body);
  const char* buffer_end = padded.data() + padded.size() + simdjson::SIMDJSON_PADDING;
  stats_.bytes += body.size();
  od::document doc;
  od::object top;
  if (auto error = page_parser_.iterate(padded).get(doc)) return PageError(page, simdjson::error_message(error));
  if (auto error = doc.get_object().get(top)) {
    return PageError(page, std::string("reply is not a JSON object: ") + simdjson::error_message(error));
  }
  PageInfo info;
  bool found = false;
  for (auto result : top) {
    od::field field;
    std::string_view key;
    if (auto error = std::move(result).get(field)) return PageError(page, simdjson::error_message(error));
    if (auto error = field.unescaped_key().get(key)) return PageError(page, simdjson::error_message(error));
    if (key == source().collection) {
      found = true;
      MEWS_RETURN_IF_ERROR(Records(field.value(), buffer_end, page, &info));
    } else if (key == "Cursor") {
      od::value v = field.value();
      bool is_null = false;
      if (auto error = v.is_null().get(is_null)) return PageError(page, simdjson::error_message(error));
      std::string_view cursor;
      if (!is_null) {
        if (v.get_string().get(cursor) != simdjson::SUCCESS) return PageError(page, "Cursor is not a string");
        info.cursor = std::string(cursor);
      }
    }
  }
  if (!found) return PageError(page, "reply has no " + source().collection);
  return info;
}

Status PageTransformerImpl::Records(od::value collection, const char* buffer_end, int page, PageInfo* info) {
  od::array records;
  if (collection.get_array().get(records) != simdjson::SUCCESS) {
    return PageError(page, source().collection + " is not an array");
  }
  for (auto result : records) {
    od::value record;
    od::json_type type;
    if (auto error = std::move(result).get(record)) return PageError(page, simdjson::error_message(error));
    if (auto error = record.type().get(type)) return PageError(page, simdjson::error_message(error));
    std::string_view raw;
    if (type == od::json_type::object) {
      od::object obj;
      if (auto error = record.get_object().get(obj)) return PageError(page, simdjson::error_message(error));
      if (auto error = obj.raw_json().get(raw)) return PageError(page, simdjson::error_message(error));
    } else if (type == od::json_type::array) {
      // The whole array: a token would be its '[' alone, and the reject's raw text nothing useful.
      od::array array;
      if (auto error = record.get_array().get(array)) return PageError(page, simdjson::error_message(error));
      if (auto error = array.raw_json().get(raw)) return PageError(page, simdjson::error_message(error));
    } else {
      raw = record.raw_json_token();
    }
    ++info->items;
    MEWS_RETURN_IF_ERROR(Record(raw, buffer_end));
  }
  return Status::Ok();
}

Status PageTransformerImpl::Record(std::string_view raw, const char* buffer_end) {
  ++position_;
  ++stats_.lines;
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t')) {
    raw.remove_suffix(1);
  }
  od::document doc;
  const size_t capacity = static_cast<size_t>(buffer_end - raw.data());
  if (auto error = record_parser_.iterate(raw.data(), raw.size(), capacity).get(doc)) {
    return Reject(raw, std::string("invalid JSON: ") + simdjson::error_message(error));
  }
  if (builder_.Build(doc, batch_.get()) != BuildOutcome::kRow) return Reject(raw, builder_.reason());
  ++stats_.rows;
  batch_->lines.push_back(position_);
  if (batch_->lines.size() >= options_.batch_rows || batch_->bytes() >= options_.batch_bytes) return Flush();
  return Status::Ok();
}

Status PageTransformerImpl::Reject(std::string_view raw, const std::string& reason) {
  ++stats_.rejects;
  mews::Reject reject;
  reject.file = source().operation;
  reject.line = position_;
  // As for a line of JSON Lines: text every database stores (a raw NUL or a broken UTF-8 sequence
  // inside a record's string is only found when the record is parsed).
  AppendStorableText(reason, &reject.reason);
  AppendStorableText(raw, &reject.raw);
  return consumer_->OnReject(reject);
}

Status PageTransformerImpl::Flush() {
  if (batch_->rows() == 0) return Status::Ok();
  std::unique_ptr<RowBatch> full = std::move(batch_);
  batch_ = NewBatch();
  return consumer_->OnBatch(std::move(full));
}

}  // namespace

Result<std::unique_ptr<PageTransformer>> PageTransformer::Create(const EntityMapping& mapping,
                                                                 const TransformOptions& options,
                                                                 BatchConsumer* consumer) {
  if (!mapping.is_reference()) {
    return Status::InvalidArgument(mapping.entity + " is not a reference type: it has no */getAll source");
  }
  Result<CompiledMapping> compiled = CompileMapping(mapping);
  if (!compiled.ok()) return compiled.status();
  return std::unique_ptr<PageTransformer>(
      std::make_unique<PageTransformerImpl>(std::move(compiled.value()), options, consumer));
}

}  // namespace mews
