#include "tests/extract/file_journal.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace mews::test {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::vector<std::string> SplitFields(const std::string& line) {
  std::vector<std::string> fields(1);
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') {
      fields.emplace_back();
    } else if (line[i] == '\\' && i + 1 < line.size()) {
      char n = line[++i];
      fields.back() += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      fields.back() += line[i];
    }
  }
  return fields;
}

std::string Serialize(const ExportRecord& r) {
  std::vector<std::string> f = {r.id, r.entity, r.status, r.scope_json, r.filters_json,
                                r.window_start, r.window_end, r.full ? "1" : "0",
                                std::to_string(r.file_count), std::to_string(r.total_bytes),
                                r.expires_utc, r.created_at};
  std::string line;
  for (size_t i = 0; i < f.size(); ++i) line += (i ? "\t" : "") + Escape(f[i]);
  return line;
}

ExportRecord Parse(const std::vector<std::string>& f) {
  ExportRecord r;
  r.id = f[0], r.entity = f[1], r.status = f[2], r.scope_json = f[3], r.filters_json = f[4];
  r.window_start = f[5], r.window_end = f[6], r.full = f[7] == "1";
  r.file_count = std::stoi(f[8]), r.total_bytes = std::stoll(f[9]);
  r.expires_utc = f[10], r.created_at = f[11];
  return r;
}

}  // namespace

Result<std::vector<ExportRecord>> FileJournal::All() const {
  std::vector<ExportRecord> out;
  std::ifstream in(path_);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::vector<std::string> f = SplitFields(line);
    if (f.size() != 12) return Status::ParseError(path_ + ":" + std::to_string(n) + ": bad journal line");
    out.push_back(Parse(f));
  }
  return out;
}

Status FileJournal::SaveExport(const ExportRecord& record) {
  Result<std::vector<ExportRecord>> all = All();
  if (!all.ok()) return all.status();
  bool replaced = false;
  for (ExportRecord& r : all.value()) {
    if (r.id == record.id) r = record, replaced = true;
  }
  if (!replaced) all->push_back(record);
  std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const ExportRecord& r : all.value()) out << Serialize(r) << "\n";
    if (!out.flush()) return Status::IoError("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path_.c_str()) != 0) return Status::IoError("cannot rename " + tmp);
  ++saves_;
  return Status::Ok();
}

Result<std::vector<ExportRecord>> FileJournal::OpenExports(const std::string& entity) {
  Result<std::vector<ExportRecord>> all = All();
  if (!all.ok()) return all.status();
  std::vector<ExportRecord> open;
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    if (it->entity == entity && it->status != "Failed" && it->status != "Expired" && it->status != "Loaded") {
      open.push_back(*it);
    }
  }
  return open;
}

}  // namespace mews::test
