// Text and JSON text: UTF-8 validation, NUL replacement, JSON escaping, and IsValidJson, an
// iterative validator for JSON text kept raw (json columns and `_extra` values).
#include <algorithm>
#include <cstring>
#include <vector>

#include "transform/values.h"

namespace mews {
namespace {

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

inline int Hex4(const char* s) {
  int v = 0;
  for (int k = 0; k < 4; ++k) {
    const char c = s[k];
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return -1;
    }
    v = v * 16 + d;
  }
  return v;
}

// Scans a string literal starting at the quote in[*i]; leaves *i after the closing quote.
// Escapes must be valid and surrogate escapes paired (PostgreSQL jsonb refuses lone ones).
bool ScanString(std::string_view in, size_t* i) {
  size_t k = *i + 1;
  while (k < in.size()) {
    const auto c = static_cast<unsigned char>(in[k]);
    if (c == '"') {
      *i = k + 1;
      return true;
    }
    if (c < 0x20) return false;
    if (c != '\\') {
      ++k;
      continue;
    }
    if (k + 1 >= in.size()) return false;
    const char e = in[k + 1];
    if (std::strchr("\"\\/bfnrt", e) != nullptr && e != '\0') {
      k += 2;
      continue;
    }
    if (e != 'u' || k + 6 > in.size()) return false;
    const int cp = Hex4(in.data() + k + 2);
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
    k += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (k + 6 > in.size() || in[k] != '\\' || in[k + 1] != 'u') return false;
      const int low = Hex4(in.data() + k + 2);
      if (low < 0xDC00 || low > 0xDFFF) return false;
      k += 6;
    }
  }
  return false;
}

// Scans a literal or a number at in[*i].
bool ScanAtom(std::string_view in, size_t* i) {
  static const char* const kLiterals[] = {"true", "false", "null"};
  for (const char* lit : kLiterals) {
    const size_t len = std::strlen(lit);
    if (in.compare(*i, len, lit) == 0) {
      *i += len;
      return *i == in.size() || (in[*i] != '\0' && std::strchr(" \t\r\n,]}", in[*i]) != nullptr);
    }
  }
  size_t k = *i;
  while (k < in.size() && std::strchr("+-.eE0123456789", in[k]) != nullptr && in[k] != '\0') ++k;
  if (!IsValidJsonNumber(in.substr(*i, k - *i))) return false;
  *i = k;
  return true;
}

enum class Expect { kValue, kValueOrClose, kKey, kKeyOrClose, kColon, kCommaOrClose };

// One step of the validator at a non-space byte; false on a syntax error.
bool Step(std::string_view in, size_t* i, Expect* e, std::vector<char>* stack) {
  const char c = in[*i];
  switch (*e) {
    case Expect::kValueOrClose:
      if (c == ']') {
        stack->pop_back();
        *e = Expect::kCommaOrClose;
        ++*i;
        return true;
      }
      [[fallthrough]];
    case Expect::kValue:
      if (c == '{' || c == '[') {
        stack->push_back(c);
        *e = c == '{' ? Expect::kKeyOrClose : Expect::kValueOrClose;
        ++*i;
        return true;
      }
      *e = Expect::kCommaOrClose;
      return c == '"' ? ScanString(in, i) : ScanAtom(in, i);
    case Expect::kKeyOrClose:
      if (c == '}') {
        stack->pop_back();
        *e = Expect::kCommaOrClose;
        ++*i;
        return true;
      }
      [[fallthrough]];
    case Expect::kKey:
      *e = Expect::kColon;
      return c == '"' && ScanString(in, i);
    case Expect::kColon:
      *e = Expect::kValue;
      ++*i;
      return c == ':';
    case Expect::kCommaOrClose:
      if (stack->empty()) return false;
      ++*i;
      if (c == ',') {
        *e = stack->back() == '{' ? Expect::kKey : Expect::kValue;
        return true;
      }
      if (c != (stack->back() == '{' ? '}' : ']')) return false;
      stack->pop_back();
      return true;
  }
  return false;
}

}  // namespace

namespace {

// The length of the well-formed UTF-8 sequence at s[i] (i < n), or 0 when it is not one.
size_t Utf8SequenceAt(const unsigned char* s, size_t n, size_t i) {
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  static const uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view in) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    uint64_t w;  // ASCII runs are skipped 8 bytes at a time
    if (i + 8 <= n && (std::memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    const size_t len = Utf8SequenceAt(s, n, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

void AppendStorableText(std::string_view in, std::string* out) {
  const auto* s = reinterpret_cast<const unsigned char*>(in.data());
  const size_t n = in.size();
  size_t i = 0;
  while (i < n) {
    const size_t len = Utf8SequenceAt(s, n, i);
    if (len == 0 || s[i] == 0) {
      out->append("\xEF\xBF\xBD", 3);
      ++i;
      continue;
    }
    out->append(in.data() + i, len);
    i += len;
  }
}

size_t JsonNestingDepth(std::string_view json) {
  size_t depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max;
}

bool HasUnicodeEscape(std::string_view raw) {
  const char* p = raw.data();
  const char* end = p + raw.size();
  while (const void* hit = std::memchr(p, '\\', static_cast<size_t>(end - p))) {
    p = static_cast<const char*>(hit) + 1;  // the escaped character
    if (p == end) return false;
    if (*p == 'u') return true;
    ++p;  // skip it, so that the second backslash of "\\\\" starts nothing
  }
  return false;
}

void AppendTextReplacingNul(std::string_view in, std::string* out) {
  const char* p = in.data();
  const char* end = p + in.size();
  while (true) {
    const void* nul = std::memchr(p, '\0', static_cast<size_t>(end - p));
    if (nul == nullptr) break;
    const char* q = static_cast<const char*>(nul);
    out->append(p, static_cast<size_t>(q - p));
    out->append("\xEF\xBF\xBD", 3);
    p = q + 1;
  }
  out->append(p, static_cast<size_t>(end - p));
}

void AppendJsonReplacingNulEscapes(std::string_view in, std::string* out) {
  size_t copied = 0;
  size_t i = 0;
  bool in_string = false;
  // Only scans byte by byte when the text contains a candidate; the common case is one append.
  if (in.find("\\u0000") == std::string_view::npos) {
    out->append(in.data(), in.size());
    return;
  }
  while (i < in.size()) {
    const char c = in[i];
    if (!in_string) {
      in_string = c == '"';
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = false;
      ++i;
    } else if (c == '\\') {
      if (in.compare(i, 6, "\\u0000") == 0) {
        out->append(in.data() + copied, i - copied);
        out->append("\\ufffd");
        copied = i + 6;
        i += 6;
      } else {
        i += 2;
      }
    } else {
      ++i;
    }
  }
  out->append(in.data() + copied, in.size() - copied);
}

bool IsValidJson(std::string_view in) {
  if (!IsValidUtf8(in)) return false;
  std::vector<char> stack;
  Expect e = Expect::kValue;
  size_t i = 0;
  while (true) {
    while (i < in.size() && IsSpace(in[i])) ++i;
    if (i == in.size()) return stack.empty() && e == Expect::kCommaOrClose;
    if (!Step(in, &i, &e, &stack)) return false;
  }
}

}  // namespace mews
