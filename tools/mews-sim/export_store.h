// ExportStore: the simulator's exports and their life cycle. An export is Pending for the first
// half of the processing time, Processing until its files are written and the processing time is
// over, then Success until it expires (Expired, files deleted). Files are written by one
// background thread (or at once when the processing time is 0), so byte ranges are stable.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "tools/mews-sim/data_store.h"

namespace mews::sim {

enum class ExportStatus { kPending, kProcessing, kSuccess, kFailed, kExpired };
const char* ExportStatusName(ExportStatus s);

struct ExportTiming {
  int64_t processing_micros = 1000000;            // Pending -> Success
  int64_t lifetime_micros = 7 * 86400 * 1000000LL;  // Success -> Expired
  int files_per_export = 3;
};

// What the API needs to describe an export.
struct ExportView {
  std::string id;
  Entity entity = Entity::kOrderItem;
  ExportStatus status = ExportStatus::kPending;
  std::string scope_json;          // the Scope object, as echoed
  std::string filters_json;        // the Filters object or "null"
  std::optional<int64_t> expires;  // set once the export succeeded
  std::vector<ExportFile> files;   // only when status is Success
};

class ExportStore {
 public:
  // `data` must outlive the store; `work_dir` must exist.
  ExportStore(DataStore* data, ExportTiming timing, std::string work_dir);
  ~ExportStore();  // stops the writer thread
  ExportStore(const ExportStore&) = delete;
  ExportStore& operator=(const ExportStore&) = delete;

  // Creates an export of the data as it is now. When another export of the entity is Pending or
  // Processing, returns kInvalidArgument naming it. `held` exports stay Processing until Finish.
  Result<ExportView> Create(Entity entity, std::string scope_json, std::string filters_json,
                            ExportFilter filter, bool held);
  std::optional<ExportView> Get(const std::string& id);
  // Finish: a held export may succeed (waits until its files are written). Expire: now Expired.
  // Fail: now Failed (no files), whatever its state.
  Status Finish(const std::string& id);
  Status Expire(const std::string& id);
  Status Fail(const std::string& id);

 private:
  struct Export;
  ExportView ViewLocked(const Export& e, int64_t now) const;
  ExportStatus StatusLocked(const Export& e, int64_t now) const;
  void WriterLoop();
  void WriteFiles(const std::string& id);

  DataStore* data_;
  ExportTiming timing_;
  std::string work_dir_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::unique_ptr<Export>> exports_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  uint64_t next_id_ = 0;
  std::thread writer_;
};

}  // namespace mews::sim
