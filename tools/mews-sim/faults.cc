#include "tools/mews-sim/faults.h"

#include <simdjson.h>

#include "tools/mews-sim/ref_request.h"

namespace mews::sim {
namespace {

Status FieldError(size_t index, const std::string& field, const std::string& what) {
  return Status::InvalidArgument("fault rule " + std::to_string(index) + ": field '" + field +
                                 "': " + what);
}

// Reads one rule object; every key is checked, so a typo is an error rather than ignored.
Result<FaultRule> ParseRule(simdjson::dom::object obj, size_t index) {
  FaultRule rule;
  for (auto [key, value] : obj) {
    std::string k(key);
    int64_t n = 0;
    bool b = false;
    std::string_view s;
    if (k == "op" && !value.get(s)) {
      rule.op = std::string(s);
    } else if (k == "status" && !value.get(n)) {
      rule.status = static_cast<int>(n);
    } else if (k == "retry_after" && !value.get(s)) {
      rule.retry_after = std::string(s);
    } else if (k == "retry_after" && !value.get(n)) {
      rule.retry_after = std::to_string(n);
    } else if (k == "retry_after_date" && !value.get(b)) {
      rule.retry_after_date = b;
    } else if (k == "after_processing" && !value.get(b)) {
      rule.after_processing = b;
    } else if (k == "cut_after_bytes" && !value.get(n)) {
      rule.cut_after_bytes = n;
    } else if (k == "extra_bytes" && !value.get(n) && n >= 0) {
      rule.extra_bytes = n;
    } else if (k == "gzip" && !value.get(b)) {
      rule.gzip = b;
    } else if (k == "delay_ms" && !value.get(n)) {
      rule.delay_ms = n;
    } else if (k == "file" && !value.get(n) && n >= 1) {
      rule.file = n;
    } else if (k == "times" && !value.get(n)) {
      rule.times = n;
    } else if (k == "ignore_cursor" && !value.get(b)) {
      rule.ignore_cursor = b;
    } else if (k == "overfill" && !value.get(n) && n >= 0) {
      rule.overfill = n;
    } else {
      return FieldError(index, k, "unknown field or wrong type");
    }
  }
  if (rule.op != "add" && rule.op != "getAll" && rule.op != "file" &&
      rule.op != "taxations/getAll" && FindRefOp(rule.op) == nullptr) {
    return FieldError(index, "op", "must be \"add\", \"getAll\", \"file\" or a reference "
                                   "operation such as \"services/getAll\"");
  }
  if (rule.file != 0 && rule.op != "file") return FieldError(index, "file", "only for op \"file\"");
  if (rule.status != 0 && (rule.status < 200 || rule.status > 599)) {
    return FieldError(index, "status", "must be an HTTP status from 200 to 599");
  }
  if (rule.retry_after_date && rule.retry_after.empty()) rule.retry_after = "2";
  if (rule.retry_after_date &&
      rule.retry_after.find_first_not_of("0123456789") != std::string::npos) {
    return FieldError(index, "retry_after", "must be a number of seconds with retry_after_date");
  }
  return rule;
}

}  // namespace

Result<std::vector<FaultRule>> ParseFaultRules(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (parser.parse(padded).get(doc)) return Status::InvalidArgument("faults: not valid JSON");
  simdjson::dom::array rules;
  simdjson::dom::object root;
  if (!doc.get(root)) {
    if (root["rules"].get(rules)) {
      return Status::InvalidArgument("faults: expected {\"rules\": [...]}");
    }
  } else if (doc.get(rules)) {
    return Status::InvalidArgument("faults: expected {\"rules\": [...]}");
  }
  std::vector<FaultRule> out;
  for (simdjson::dom::element item : rules) {
    simdjson::dom::object obj;
    if (item.get(obj)) return FieldError(out.size(), "", "a rule must be an object");
    Result<FaultRule> rule = ParseRule(obj, out.size());
    if (!rule.ok()) return rule.status();
    out.push_back(std::move(rule.value()));
  }
  return out;
}

void FaultList::Replace(std::vector<FaultRule> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
}

std::optional<FaultRule> FaultList::Take(std::string_view op, int64_t file) {
  std::lock_guard<std::mutex> lock(mu_);
  for (FaultRule& rule : rules_) {
    if (rule.op != op || rule.times == 0 || (rule.file != 0 && rule.file != file)) continue;
    if (rule.times > 0) --rule.times;
    return rule;
  }
  return std::nullopt;
}

}  // namespace mews::sim
