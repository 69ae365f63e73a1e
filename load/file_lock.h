// Per-entity exclusive locks on a lock file, shared by every process that opens the same file.
// Uses Linux open-file-description locks: held per FileLocks object (two objects in one process
// exclude each other), released on Unlock, destruction, or the process's death.
#pragma once

#include <map>
#include <string>

#include "load/sink.h"

namespace mews {

class FileLocks {
 public:
  explicit FileLocks(std::string path) : path_(std::move(path)) {}
  FileLocks(const FileLocks&) = delete;
  FileLocks& operator=(const FileLocks&) = delete;
  ~FileLocks();

  // kUnavailable (fail fast, held elsewhere) or kIoError (lock file unusable).
  Status Lock(const std::string& entity, LockMode mode);
  Status Unlock(const std::string& entity);

 private:
  std::string path_;
  int fd_ = -1;
  std::map<std::string, bool> held_;
};

}  // namespace mews
