// RowBuilder's walk over one object's fields and its leaf conversions (one JSON value into one
// cell, in canonical form). They share this file so that SetValue is inlined into the walk.
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "transform/row_builder.h"
#include "transform/transform.h"
#include "transform/values.h"

namespace mews {

namespace od = simdjson::ondemand;

namespace {

inline std::string_view TrimRight(std::string_view s) {
  if (!s.empty() && static_cast<unsigned char>(s.back()) > ' ') return s;  // compact JSON
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// True when `s` holds a backslash (an escape, in a JSON string's raw text). Reads whole 16-byte
// (or 8-byte) blocks: `s` lies in simdjson's padded input, and the bytes past its end are masked off.
#ifdef __SSE2__
inline bool HasBackslash(std::string_view s) {
  if (s.size() > 64) return std::memchr(s.data(), '\\', s.size()) != nullptr;
  const __m128i backslash = _mm_set1_epi8('\\');
  for (size_t i = 0; i < s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    unsigned hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, backslash)));
    const size_t left = s.size() - i;
    if (left < 16) hits &= (1u << left) - 1;
    if (hits != 0) return true;
  }
  return false;
}
#else
inline bool HasBackslash(std::string_view s) {
  if (s.size() > 64) return std::memchr(s.data(), '\\', s.size()) != nullptr;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  for (size_t i = 0; i < s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t x = w ^ (kOnes * '\\');
    // 0x80 in the lowest zero byte of x (and possibly above it): exact about whether one exists.
    uint64_t zero = (x - kOnes) & ~x & (kOnes * 0x80);
    const size_t left = s.size() - i;
    if (left < 8) zero &= (uint64_t{1} << (8 * left)) - 1;  // little-endian: the first bytes
    if (zero != 0) return true;
  }
  return false;
}
#endif

// True for the column types whose values are JSON strings (SetString converts them).
inline bool TakesString(ColumnType type) {
  constexpr unsigned kStringColumns =
      1u << static_cast<unsigned>(ColumnType::kUuid) | 1u << static_cast<unsigned>(ColumnType::kTimestamp) |
      1u << static_cast<unsigned>(ColumnType::kDate) | 1u << static_cast<unsigned>(ColumnType::kDuration) |
      1u << static_cast<unsigned>(ColumnType::kText);
  return ((kStringColumns >> static_cast<unsigned>(type)) & 1u) != 0;
}

// A value quoted for a reason: JSON-escaped, at most 64 bytes (cut at a character boundary).
std::string Quoted(std::string_view v) {
  if (v.size() > 64) {
    size_t n = 64;
    while (n > 0 && (static_cast<unsigned char>(v[n]) & 0xC0) == 0x80) --n;
    v = v.substr(0, n);
  }
  std::string out = "\"";
  AppendJsonEscaped(v, &out, JsonNul::kReplace);
  out += '"';
  return out;
}

}  // namespace

// Inlined into WalkObject below: one call per value cost more than the conversion of most values.
[[gnu::always_inline]] inline bool RowBuilder::SetValue(od::value& value, const TreeEntry& entry,
                                                        const RowCursor& row, const PathFrame& frame) {
  // Scalars are read from their raw token (the value is left for the object iterator to skip):
  // simdjson has validated the UTF-8 and the string structure, so only escapes need unescaping.
  const std::string_view raw = value.raw_json_token();
  // The common case first: a string for a column that takes one (SetString allows for whitespace
  // after the token, which simdjson includes in it).
  if (!raw.empty() && raw[0] == '"' && TakesString(entry.type)) {
    return SetString(value, raw, entry, row, frame);
  }
  const std::string_view token = TrimRight(raw);
  const size_t col = static_cast<size_t>(entry.column);
  if (token.empty()) return JsonError(simdjson::TAPE_ERROR);
  if (token[0] == 'n') {
    if (token != "null") return JsonError(simdjson::N_ATOM_ERROR);
    if (entry.required) return Fail(frame, entry.key, "null in a required field");
    row.cells[col] = Cell{};
    return true;
  }
  switch (entry.type) {
    case ColumnType::kDecimal:
    case ColumnType::kInteger:
      return SetNumber(value, token, entry, row, frame);
    case ColumnType::kBoolean:
      if (token == "true" || token == "false") {
        row.cells[col] = Cell{Cell::kBool, 0, token[0] == 't' ? 1u : 0u};
        return true;
      }
      return WrongType(value, frame, entry, "a boolean");
    case ColumnType::kJson: {
      od::json_type type;
      if (auto error = value.type().get(type)) return JsonError(error);
      scratch_.clear();
      if (!AppendRawJson(value, type, frame, entry.key, &scratch_)) return false;
      text_.clear();
      AppendJsonReplacingNulEscapes(scratch_, &text_);
      if (entry.localized >= 0) return SetLocalized(type, entry, row, frame);
      PutText(row, col, text_);
      return true;
    }
    default:  // a column that takes a string, and a token that is none (strings went above)
      return WrongType(value, frame, entry, "a string");
  }
}

bool RowBuilder::WalkObject(od::object obj, const TableTree& tree, int node, const RowCursor& row,
                            const PathFrame& frame) {
  const std::vector<TreeEntry>& entries = tree.nodes[node].entries;
  const TreeEntry* const end = entries.data() + entries.size();
  const TreeEntry* next = entries.data();  // the entry expected next: fields come in mapping order
  for (auto result : obj) {
    if (auto error = result.error()) return JsonError(error);
    od::field& field = result.value_unsafe();  // in place: get(field) would copy it
    const TreeEntry* entry = next;
    if (next != end && RawKeyEquals(*next, field.key().raw())) {
      ++next;
    } else {
      size_t hint = static_cast<size_t>(next - entries.data());
      if (!Lookup(field, tree, node, frame, &hint, &entry)) return false;
      next = entries.data() + hint;
      if (entry == nullptr) continue;  // kept in `_extra`
    }
    const bool ok = entry->kind == TreeEntry::kColumn ? SetValue(field.value(), *entry, row, frame)
                                                      : WalkField(field.value(), tree, *entry, row, frame);
    if (!ok) return false;
  }
  return CheckRequired(tree, node, row, frame);
}

bool RowBuilder::FailValue(const PathFrame& frame, const TreeEntry& entry, const char* what,
                           std::string_view value) {
  return Fail(frame, entry.key, what + Quoted(value));
}

bool RowBuilder::WrongType(od::value& value, const PathFrame& frame, const TreeEntry& entry,
                           const char* expected) {
  od::json_type type;
  if (auto error = value.type().get(type)) return JsonError(error);
  return Fail(frame, entry.key, std::string("expected ") + expected + ", got " + JsonTypeName(type));
}

// Inlined into SetValue, like it.
[[gnu::always_inline]] inline bool RowBuilder::SetString(od::value& value, std::string_view token,
                                                         const TreeEntry& entry, const RowCursor& row,
                                                         const PathFrame& frame) {
  // Fast path: a well-formed token whose raw text converts as it stands. A valid uuid, date-time,
  // date or duration holds no backslash, so its raw text is its value; text must be checked.
  if (token.size() < 2 || token.back() != '"') return SetStringSlow(value, token, entry, row, frame);
  const std::string_view s(token.data() + 1, token.size() - 2);
  TextStage& stage = *row.text;
  const size_t start = stage.size();
  switch (entry.type) {
    case ColumnType::kUuid:
      if (!WriteUuid(s, stage.Extend(36))) {
        stage.Truncate(start);
        return SetStringSlow(value, token, entry, row, frame);
      }
      break;
    case ColumnType::kTimestamp: {
      const size_t n = WriteTimestamp(s, stage.Extend(kMaxTimestampSize));
      stage.Truncate(start + n);
      if (n == 0) return SetStringSlow(value, token, entry, row, frame);
      break;
    }
    case ColumnType::kDate:
      if (!IsValidDate(s)) return SetStringSlow(value, token, entry, row, frame);
      stage.AppendPadded(s.data(), s.size());
      break;
    case ColumnType::kDuration:
      if (!IsValidDuration(s)) return SetStringSlow(value, token, entry, row, frame);
      stage.AppendPadded(s.data(), s.size());
      break;
    default:
      if (HasBackslash(s)) return SetStringSlow(value, token, entry, row, frame);
      stage.AppendPadded(s.data(), s.size());  // raw JSON text holds no NUL byte
  }
  SetStaged(row, static_cast<size_t>(entry.column), start);
  return true;
}

bool RowBuilder::SetStringSlow(od::value& value, std::string_view token, const TreeEntry& entry,
                               const RowCursor& row, const PathFrame& frame) {
  token = TrimRight(token);
  std::string_view s = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  bool escaped = std::memchr(s.data(), '\\', s.size()) != nullptr;
  if (token.size() < 2 || token.back() != '"') escaped = true;  // let simdjson report it
  if (escaped) {
    const bool unicode = HasUnicodeEscape(token);
    if (auto error = value.get_string().get(s)) return JsonError(error);
    // A \u escape may encode what raw JSON cannot: a lone surrogate must not reach the database.
    if (unicode && !IsValidUtf8(s)) return Fail(frame, entry.key, "invalid UTF-8");
  }
  text_.clear();
  switch (entry.type) {
    case ColumnType::kUuid:
      if (!AppendUuid(s, &text_)) return FailValue(frame, entry, "invalid uuid ", s);
      break;
    case ColumnType::kTimestamp:
      if (!AppendTimestamp(s, &text_)) return FailValue(frame, entry, "invalid timestamp ", s);
      break;
    case ColumnType::kDate:
      if (!AppendDate(s, &text_)) return FailValue(frame, entry, "invalid date ", s);
      break;
    case ColumnType::kDuration:
      if (!IsValidDuration(s)) return FailValue(frame, entry, "invalid duration ", s);
      text_.append(s.data(), s.size());
      break;
    default:
      if (escaped) {
        AppendTextReplacingNul(s, &text_);
      } else {
        text_.append(s.data(), s.size());  // raw JSON text holds no NUL byte
      }
  }
  PutText(row, static_cast<size_t>(entry.column), text_);
  return true;
}

bool RowBuilder::SetNumber(od::value& value, std::string_view token, const TreeEntry& entry,
                           const RowCursor& row, const PathFrame& frame) {
  const bool integer = entry.type == ColumnType::kInteger;
  const char c = token[0];
  if (c != '-' && (c < '0' || c > '9')) {
    return WrongType(value, frame, entry, integer ? "an integer" : "a number");
  }
  const size_t col = static_cast<size_t>(entry.column);
  if (!integer) {
    if (!IsValidJsonNumberPadded(token)) return JsonError(simdjson::NUMBER_ERROR);
    if (!IsDecimalInDoubleRange(token)) {
      return Fail(frame, entry.key, "number out of range (beyond +-1.7976931348623157e308)");
    }
    const size_t start = row.text->size();
    row.text->AppendPadded(token.data(), token.size());
    SetStaged(row, col, start);
    return true;
  }
  int64_t v = 0;
  switch (ParseJsonInteger(token, &v)) {
    case IntegerParse::kOk:
      row.cells[col] = Cell{Cell::kInt, 0, static_cast<uint64_t>(v)};
      return true;
    case IntegerParse::kNotInteger:
      return Fail(frame, entry.key, "expected an integer, got " + std::string(token));
    case IntegerParse::kOutOfRange:
      return Fail(frame, entry.key, "integer out of range: " + std::string(token));
    case IntegerParse::kInvalid:
      break;
  }
  return JsonError(simdjson::NUMBER_ERROR);
}

bool RowBuilder::AppendRawJson(od::value value, od::json_type type, const PathFrame& frame,
                               std::string_view key, std::string* out) {
  std::string_view raw;
  if (type == od::json_type::object) {
    od::object obj;
    if (auto error = value.get_object().get(obj)) return JsonError(error);
    if (auto error = obj.raw_json().get(raw)) return JsonError(error);
  } else if (type == od::json_type::array) {
    od::array arr;
    if (auto error = value.get_array().get(arr)) return JsonError(error);
    if (auto error = arr.raw_json().get(raw)) return JsonError(error);
  } else {
    raw = value.raw_json_token();
  }
  raw = TrimRight(raw);
  if (!IsValidJson(raw)) {
    outcome_ = BuildOutcome::kInvalidJson;
    reason_ = "invalid JSON: malformed value at " + PathString(frame, key);
    return false;
  }
  // Only text longer than the limit can nest deeper than it.
  if (raw.size() > kMaxJsonDepth && JsonNestingDepth(raw) > kMaxJsonDepth) {
    return Fail(frame, key, "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  out->append(raw.data(), raw.size());
  return true;
}

bool RowBuilder::AddExtra(od::value value, const PathFrame& frame, std::string_view key) {
  od::json_type type;
  if (auto error = value.type().get(type)) return JsonError(error);
  scratch_.clear();
  if (!AppendRawJson(value, type, frame, key, &scratch_)) return false;
  extra_ += extra_.empty() ? '{' : ',';
  extra_ += '"';
  std::string path;
  AppendPathTo(frame, &path);
  if (!path.empty()) path += '.';
  path.append(key.data(), key.size());
  AppendJsonEscaped(path, &extra_, JsonNul::kReplace);
  extra_ += "\":";
  AppendJsonReplacingNulEscapes(scratch_, &extra_);
  return true;
}

}  // namespace mews
