#include "tools/mews-sim/request_log.h"

#include <cerrno>
#include <cstring>

#include "tools/mews-sim/json_out.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {

RequestLog::~RequestLog() {
  if (file_ != nullptr) std::fclose(file_);
}

Status RequestLog::OpenFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  file_ = std::fopen(path.c_str(), "ab");
  if (file_ == nullptr) {
    return Status::IoError("--request-log: cannot open " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

void RequestLog::Add(const RequestLogEntry& e) {
  std::string line;
  JsonOut w(&line);
  w.BeginObject();
  w.Key("seq").Int(static_cast<int64_t>(e.seq));
  w.Key("time").Plain(FormatUtc(e.time_micros, 6));
  w.Key("duration_ms").Int(e.duration_micros / 1000);
  w.Key("method").String(e.method);
  w.Key("path").String(e.path);
  w.Key("status").Int(e.status);
  if (e.property >= 0) w.Key("property").Int(e.property);
  if (!e.entity_type.empty()) w.Key("EntityType").String(e.entity_type);
  if (!e.filters_json.empty()) w.Key("Filters").Raw(e.filters_json);
  if (!e.export_ids.empty()) {
    w.Key("ExportIds").BeginArray();
    for (const std::string& id : e.export_ids) w.String(id);
    w.EndArray();
  }
  if (!e.limitation_json.empty()) w.Key("Limitation").Raw(e.limitation_json);
  if (!e.range.empty()) w.Key("range").String(e.range);
  w.Key("bytes").Int(static_cast<int64_t>(e.bytes));
  if (!e.fault.empty()) w.Key("fault").String(e.fault);
  w.Key("request_id").String(e.request_id);
  w.EndObject();
  line.push_back('\n');
  std::lock_guard<std::mutex> lock(mu_);
  lines_.emplace(std::make_pair(e.seq, lines_.size()), line);
  if (file_ != nullptr) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }
}

std::string RequestLog::Dump() {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [key, line] : lines_) out += line;
  return out;
}

}  // namespace mews::sim
