// Helpers shared by the mews-sim HTTP handlers: per-request notes, JSON responses, faults and
// URL signatures.
#include <simdjson.h>

#include <chrono>
#include <thread>

#include "tools/mews-sim/api_request.h"
#include "tools/mews-sim/server_core.h"
#include "tools/mews-sim/sim_random.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim::internal {
namespace {

std::string Hex64(uint64_t v) {
  static const char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[i] = kHex[v & 15];
  return s;
}

std::string Signature(const ServerCore& core, const std::string& name, const std::string& expires) {
  uint64_t h = Mix64(core.secret ^ NameTag(name));
  h = Mix64(h ^ NameTag(expires));
  return Hex64(h) + Hex64(Mix64(h ^ core.secret));
}

}  // namespace

Property* ServerCore::Find(std::string_view access_token) {
  for (auto& p : properties) {
    if (p->access_token == access_token) return p.get();
  }
  return nullptr;
}

Property* ServerCore::OwnerOf(const std::string& id) {
  for (auto& p : properties) {
    if (p->exports.Get(id)) return p.get();
  }
  return nullptr;
}

std::optional<ExportView> ServerCore::FindExport(const std::string& id) {
  Property* p = OwnerOf(id);
  return p != nullptr ? p->exports.Get(id) : std::nullopt;
}

Property* AdmitCall(ServerCore& core, const httplib::Request& req, httplib::Response& res) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view token;
  if (parser.parse(simdjson::padded_string(req.body)).get(doc) || !doc.is_object()) {
    SendError(res, 400, "Invalid JSON.");
    return nullptr;
  }
  Property* p = doc["AccessToken"].get(token) ? nullptr : core.Find(token);
  if (p == nullptr) {
    SendError(res, 401, "Invalid ClientToken or AccessToken.");
    return nullptr;
  }
  if (!core.options.properties.empty()) {
    for (size_t i = 0; i < core.properties.size(); ++i) {
      if (core.properties[i].get() == p) CurrentNote().property = static_cast<int>(i);
    }
  }
  if (std::optional<int64_t> wait = p->window.Admit(NowMicros())) {
    SendError(res, 429, "Too many requests: the access token's limit is " +
                            std::to_string(core.options.rate_limit.requests) + " requests per " +
                            std::to_string(core.options.rate_limit.window_seconds) + " seconds.");
    res.set_header("Retry-After", std::to_string(*wait));
    CurrentNote().fault = "rate limit";
    return nullptr;
  }
  return p;
}

RequestNote& CurrentNote() {
  thread_local RequestNote note;
  return note;
}

void SendJson(httplib::Response& res, const std::string& json) {
  res.status = 200;
  res.set_content(json, "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(RenderError(message, CurrentNote().request_id), "application/json; charset=utf-8");
}

FaultDecision TakeFault(ServerCore& core, std::string_view op, int64_t file) {
  FaultDecision d;
  d.rule = core.faults.Take(op, file);
  if (!d.rule) return d;
  if (d.rule->delay_ms > 0) {
    // Nothing of a delayed response can have reached its client: /_sim/requests need not wait for it.
    --core.in_flight;
    std::this_thread::sleep_for(std::chrono::milliseconds(d.rule->delay_ms));
    ++core.in_flight;
  }
  d.replace = d.rule->status != 0 && !d.rule->after_processing;
  return d;
}

void ApplyStatusFault(const FaultRule& rule, httplib::Response& res) {
  static const std::map<int, std::string> kMessages = {
      {429, "Too many requests."}, {408, "Request timeout: the request took too long."},
      {500, "Internal server error."}, {502, "Bad gateway."}, {503, "Service unavailable."},
      {504, "Gateway timeout."}, {403, "Server failed to authenticate the request: the signed URL has expired."},
      {404, "The specified resource does not exist."}, {401, "Invalid ClientToken or AccessToken."}};
  auto it = kMessages.find(rule.status);
  SendError(res, rule.status, it != kMessages.end() ? it->second : "Injected fault.");
  res.headers.erase("Content-Encoding");
  if (!rule.retry_after.empty()) {
    if (rule.retry_after_date) {
      int64_t at = NowMicros() / kMicrosPerSecond + std::stoll(rule.retry_after);
      res.set_header("Retry-After", FormatHttpDate(at));
    } else {
      res.set_header("Retry-After", rule.retry_after);
    }
  }
  CurrentNote().fault = "status " + std::to_string(rule.status);
}

std::string SignedUrl(const ServerCore& core, const std::string& host, const std::string& name) {
  std::string expires = std::to_string(NowMicros() / kMicrosPerSecond + core.options.url_ttl_seconds);
  return FileUrlBase(core.options, host) + "/files/" + name + "?expires=" + expires +
         "&sig=" + Signature(core, name, expires);
}

bool SignatureValid(const ServerCore& core, const std::string& name, const std::string& expires,
                    const std::string& sig) {
  if (expires.empty() || sig != Signature(core, name, expires)) return false;
  char* end = nullptr;
  long long at = std::strtoll(expires.c_str(), &end, 10);
  return *end == '\0' && NowMicros() / kMicrosPerSecond < at;
}

}  // namespace mews::sim::internal
