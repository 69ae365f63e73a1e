#include "app/summary.h"

#include "core/json_escape.h"

namespace mews {

namespace {
std::string Array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + JsonQuote(v[i]);
  return out + "]";
}
}  // namespace

std::string SummaryJson(const std::vector<EntitySummary>& summary, double total_seconds) {
  std::string out = "{\"seconds\":" + std::to_string(total_seconds) + ",\"entities\":[";
  for (size_t i = 0; i < summary.size(); ++i) {
    const EntitySummary& e = summary[i];
    out += std::string(i ? "," : "") + "{\"connection\":" + JsonQuote(e.connection) + ",\"entity\":" + JsonQuote(e.entity) + ",\"status\":" + JsonQuote(e.status) +
           ",\"export_ids\":" + Array(e.export_ids) + ",\"windows\":" + Array(e.windows) +
           ",\"inserted\":" + std::to_string(e.inserted) + ",\"updated\":" + std::to_string(e.updated) +
           ",\"unchanged\":" + std::to_string(e.unchanged) + ",\"deleted\":" + std::to_string(e.deleted) +
           ",\"rejected\":" + std::to_string(e.rejected) + ",\"seconds\":" + std::to_string(e.seconds) +
           ",\"error\":" + (e.error.empty() ? "null" : JsonQuote(e.error)) + "}";
  }
  return out + "]}\n";
}

}  // namespace mews
