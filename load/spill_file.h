// A load's scratch file of text lines on local disk: what a load must be able to consult at its
// merge but need not send to the database. Internal to load/.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/status.h"

namespace mews {

// An unnamed file in $TMPDIR (else /tmp): unlinked as soon as it is created, so that it disappears
// when closed or when the process dies, whatever the way. Lines are appended, then read back in
// the order written, as often as needed.
class SpillFile {
 public:
  static Result<std::unique_ptr<SpillFile>> Create();
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends one line (`line` without its newline).
  Status Append(std::string_view line);
  // Appends whole lines (`text` empty or ending with a newline).
  Status AppendLines(std::string_view text);
  // Calls `visit` with every line appended so far, in order, without its newline; stops at the
  // first error `visit` returns. Appending may go on afterwards.
  Status ForEachLine(const std::function<Status(std::string_view)>& visit);
  uint64_t lines() const { return lines_; }
  uint64_t bytes() const { return bytes_; }

 private:
  SpillFile(std::FILE* file, std::string dir) : file_(file), dir_(std::move(dir)) {}
  Status Failed(const char* what) const;

  std::FILE* file_;
  std::string dir_;  // for error messages
  uint64_t lines_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace mews
