// A file-backed ExportJournal for tests: one tab-separated record per line, rewritten on each save
// (write to a temporary file, then rename), so it survives like the database one across "runs".
#pragma once

#include <string>
#include <vector>

#include "core/export_record.h"

namespace mews::test {

class FileJournal : public ExportJournal {
 public:
  explicit FileJournal(std::string path) : path_(std::move(path)) {}

  Status SaveExport(const ExportRecord& record) override;
  // Records of `entity` whose status is not Failed, Expired or Loaded, most recently saved first.
  Result<std::vector<ExportRecord>> OpenExports(const std::string& entity) override;

  // Every record in the file, in first-saved order.
  Result<std::vector<ExportRecord>> All() const;
  int saves() const { return saves_; }

 private:
  std::string path_;
  int saves_ = 0;
};

}  // namespace mews::test
