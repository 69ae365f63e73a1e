#include "schemas/naming.h"

#include <cctype>

namespace mews {
namespace {
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

std::string SnakeCase(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 8);
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (IsUpper(c) && i > 0) {
      char prev = name[i - 1];
      bool after_lower_or_digit = IsLower(prev) || IsDigit(prev);
      bool ends_run = IsUpper(prev) && i + 1 < name.size() && IsLower(name[i + 1]);
      if ((after_lower_or_digit || ends_run) && out.back() != '_') out.push_back('_');
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string ColumnNameForPath(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out.push_back('_');
    out += SnakeCase(segment);
  }
  return out;
}

bool IsValidIdentifier(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdentifierBytes) return false;
  if (!(IsLower(name[0]) || name[0] == '_')) return false;
  for (char c : name) {
    if (!(IsLower(c) || IsDigit(c) || c == '_')) return false;
  }
  return true;
}

std::vector<std::string> SplitPath(std::string_view dotted) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    out.emplace_back(dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string JoinPath(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out.push_back('.');
    out += segment;
  }
  return out;
}

}  // namespace mews
