// RowBuilder's localized texts ({"en-US": "Double room", "de-DE": "Doppelzimmer"}): the whole object
// as JSON in one column and the text of the preferred language in the next.
#include <strings.h>

#include "transform/row_builder.h"

namespace mews {

namespace od = simdjson::ondemand;

bool RowBuilder::SetLocalized(od::json_type type, const TreeEntry& entry, const RowCursor& row,
                              const PathFrame& frame) {
  if (type != od::json_type::object) {
    return Fail(frame, entry.key, std::string("expected an object of language: text, got ") + JsonTypeName(type));
  }
  simdjson::dom::object texts;
  if (localized_parser_.parse(text_).get_object().get(texts) != simdjson::SUCCESS) {
    return Fail(frame, entry.key, "expected an object of language: text");
  }
  std::string_view first, chosen;
  size_t chosen_rank = languages_.size();
  bool have_first = false;
  for (auto field : texts) {
    if (field.value.is_null()) continue;
    std::string_view value;
    if (field.value.get_string().get(value) != simdjson::SUCCESS) {
      const PathFrame sub{&frame, entry.key, -1};
      return Fail(sub, field.key, "expected a string");
    }
    if (!have_first) first = value, have_first = true;
    for (size_t rank = 0; rank < chosen_rank; ++rank) {
      const std::string& want = languages_[rank];
      if (want.size() == field.key.size() && strncasecmp(want.data(), field.key.data(), want.size()) == 0) {
        chosen = value;
        chosen_rank = rank;
        break;
      }
    }
  }
  // The JSON goes first: PutText appends to the row's staged text, which `chosen` does not point into.
  PutText(row, static_cast<size_t>(entry.column), text_);
  if (chosen_rank < languages_.size()) {
    PutText(row, static_cast<size_t>(entry.localized), chosen);
  } else if (have_first) {
    PutText(row, static_cast<size_t>(entry.localized), first);
  }
  return true;
}

}  // namespace mews
