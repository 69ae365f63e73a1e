#include "core/json_escape.h"

namespace mews {
namespace {

// The escape of byte c, or nullptr when c stands for itself. Built once.
struct EscapeTable {
  char text[0x20][7] = {};
  EscapeTable() {
    static const char kHex[] = "0123456789abcdef";
    for (int c = 0; c < 0x20; ++c) {
      const char u[7] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15], 0};
      for (int i = 0; i < 7; ++i) text[c][i] = u[i];
    }
    const char* shorts[][2] = {{"\b", "\\b"}, {"\f", "\\f"}, {"\n", "\\n"}, {"\r", "\\r"}, {"\t", "\\t"}};
    for (const auto& s : shorts) {
      char* t = text[static_cast<unsigned char>(s[0][0])];
      t[0] = s[1][0];
      t[1] = s[1][1];
      t[2] = 0;
    }
  }
};

const EscapeTable& Table() {
  static const EscapeTable table;
  return table;
}

}  // namespace

void AppendJsonEscaped(std::string_view in, std::string* out, JsonNul nul) {
  const EscapeTable& table = Table();
  size_t copied = 0;  // in[0, copied) is in `out` already
  for (size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(in.data() + copied, i - copied);
    copied = i + 1;
    if (c == '"') {
      out->append("\\\"", 2);
    } else if (c == '\\') {
      out->append("\\\\", 2);
    } else if (c == 0 && nul == JsonNul::kReplace) {
      out->append("\\ufffd", 6);
    } else {
      out->append(table.text[c]);
    }
  }
  out->append(in.data() + copied, in.size() - copied);
}

std::string JsonQuote(std::string_view in) {
  std::string out;
  out.reserve(in.size() + 2);
  out.push_back('"');
  AppendJsonEscaped(in, &out);
  out.push_back('"');
  return out;
}

}  // namespace mews
