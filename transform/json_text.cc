// IsValidJson: an iterative validator for JSON text kept raw (json columns and `_extra` values).
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
