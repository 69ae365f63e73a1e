// JsonOut: a minimal, fast JSON text writer that appends to a caller-owned std::string.
// Commas are inserted automatically; keys must be plain ASCII names that need no escaping.
// The caller is responsible for balancing Begin/End calls. Not thread-safe (one per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mews::sim {

class JsonOut {
 public:
  // `out` must outlive the writer; text is appended, never cleared.
  explicit JsonOut(std::string* out) : out_(out) {}

  void BeginObject() { Sep(); out_->push_back('{'); need_comma_ = false; }
  void EndObject() { out_->push_back('}'); need_comma_ = true; }
  void BeginArray() { Sep(); out_->push_back('['); need_comma_ = false; }
  void EndArray() { out_->push_back(']'); need_comma_ = true; }

  // Writes `"name":`; the next call must write the value.
  JsonOut& Key(std::string_view name) {
    Sep();
    out_->push_back('"');
    out_->append(name);
    out_->append("\":", 2);
    need_comma_ = false;
    return *this;
  }

  void Null() { Value("null"); }
  void Bool(bool b) { Value(b ? std::string_view("true") : std::string_view("false")); }
  void Int(int64_t v);
  // A decimal number of hundredths (-370000 -> "-3700" or "-3700.0"); `trailing_zero` picks
  // "-3700.0" over "-3700" for whole numbers.
  void Money(int64_t hundredths, bool trailing_zero = false);
  // A JSON string with every character that JSON requires escaped (quotes, backslash, controls).
  void String(std::string_view s);
  // `json` must already be one complete, valid JSON value (e.g. a pre-escaped string literal).
  void Raw(std::string_view json) { Value(json); }
  // Writes a string value from ASCII text that needs no escaping (enum names, codes).
  void Plain(std::string_view s) {
    Sep();
    out_->push_back('"');
    out_->append(s);
    out_->push_back('"');
    need_comma_ = true;
  }

  std::string* out() { return out_; }

 private:
  void Sep() {
    if (need_comma_) out_->push_back(',');
  }
  void Value(std::string_view text) {
    Sep();
    out_->append(text);
    need_comma_ = true;
  }

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace mews::sim
