#include "app/summary.h"

#include <cstdio>

namespace mews {

namespace {
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
      continue;
    }
    out += c;
  }
  return out + "\"";
}
std::string Array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + Quote(v[i]);
  return out + "]";
}
}  // namespace

std::string SummaryJson(const std::vector<EntitySummary>& summary, double total_seconds) {
  std::string out = "{\"seconds\":" + std::to_string(total_seconds) + ",\"entities\":[";
  for (size_t i = 0; i < summary.size(); ++i) {
    const EntitySummary& e = summary[i];
    out += std::string(i ? "," : "") + "{\"connection\":" + Quote(e.connection) + ",\"entity\":" + Quote(e.entity) + ",\"status\":" + Quote(e.status) +
           ",\"export_ids\":" + Array(e.export_ids) + ",\"windows\":" + Array(e.windows) +
           ",\"inserted\":" + std::to_string(e.inserted) + ",\"updated\":" + std::to_string(e.updated) +
           ",\"unchanged\":" + std::to_string(e.unchanged) + ",\"deleted\":" + std::to_string(e.deleted) +
           ",\"rejected\":" + std::to_string(e.rejected) + ",\"seconds\":" + std::to_string(e.seconds) +
           ",\"error\":" + (e.error.empty() ? "null" : Quote(e.error)) + "}";
  }
  return out + "]}\n";
}

}  // namespace mews
