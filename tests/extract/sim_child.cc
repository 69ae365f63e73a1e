#include "tests/extract/sim_child.h"

#include <httplib.h>

#include "tests/support/process.h"

namespace mews::test {

SimChild::SimChild(const std::vector<std::string>& args) {
  work_dir_ = TempDir("sim");
  std::vector<std::string> all = {"--work-dir", work_dir_};
  all.insert(all.end(), args.begin(), args.end());
  process_ = StartSim(all);
  url_ = process_.base_url;
  error_ = process_.error;
}

SimChild::~SimChild() {
  if (process_.pid > 0) StopSim(process_);
}

int SimChild::Post(const std::string& path, const std::string& json, std::string* reply) {
  httplib::Client client(url_);
  auto res = client.Post(path.c_str(), json, "application/json");
  if (!res) return 0;
  if (reply) *reply = res->body;
  return res->status;
}

std::vector<std::string> SimChild::Requests() {
  httplib::Client client(url_);
  auto res = client.Get("/_sim/requests");
  std::vector<std::string> lines;
  if (!res) return lines;
  size_t start = 0;
  for (size_t nl; (nl = res->body.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(res->body.substr(start, nl - start));
  }
  return lines;
}

std::vector<std::string> SimChild::RequestsTo(const std::string& suffix) {
  std::vector<std::string> out;
  for (const std::string& line : Requests()) {
    std::string path = JsonField(line, "path");
    if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(line);
    }
  }
  return out;
}

std::string JsonField(const std::string& line, const std::string& key) {
  std::string needle = "\"" + key + "\":";
  size_t at = line.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  if (line[at] == '"') return line.substr(at + 1, line.find('"', at + 1) - at - 1);
  return line.substr(at, line.find_first_of(",}", at) - at);
}

}  // namespace mews::test
