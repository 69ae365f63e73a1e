#include "load/spill_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace mews {

Result<std::unique_ptr<SpillFile>> SpillFile::Create() {
  const char* env = std::getenv("TMPDIR");
  std::string dir = env && *env ? env : "/tmp";
  std::string path = dir + "/mews-etl-spill-XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) {
    return Status::IoError("cannot create a scratch file in " + dir + " (TMPDIR): " + std::strerror(errno));
  }
  unlink(name.data());
  std::FILE* file = fdopen(fd, "w+");
  if (!file) {
    const int err = errno;
    close(fd);
    return Status::IoError("cannot open a scratch file in " + dir + " (TMPDIR): " + std::strerror(err));
  }
  return std::unique_ptr<SpillFile>(new SpillFile(file, std::move(dir)));
}

SpillFile::~SpillFile() { std::fclose(file_); }

Status SpillFile::Failed(const char* what) const {
  return Status::IoError(std::string("cannot ") + what + " a scratch file in " + dir_ + " (TMPDIR): " +
                         std::strerror(errno ? errno : EIO));
}

Status SpillFile::Append(std::string_view line) {
  errno = 0;
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fputc('\n', file_) == EOF) {
    return Failed("write");
  }
  ++lines_;
  bytes_ += line.size() + 1;
  return Status::Ok();
}

Status SpillFile::AppendLines(std::string_view text) {
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) return Failed("write");
  lines_ += static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  bytes_ += text.size();
  return Status::Ok();
}

Status SpillFile::ForEachLine(const std::function<Status(std::string_view)>& visit) {
  errno = 0;
  if (std::fflush(file_) != 0) return Failed("write");
  if (std::fseek(file_, 0, SEEK_SET) != 0) return Failed("read");
  char* buf = nullptr;
  size_t cap = 0;
  Status s = Status::Ok();
  for (uint64_t i = 0; i < lines_ && s.ok(); ++i) {
    const ssize_t n = getline(&buf, &cap, file_);
    if (n <= 0) {
      s = Failed("read");
      break;
    }
    s = visit(std::string_view(buf, static_cast<size_t>(n) - 1));
  }
  std::free(buf);
  if (std::fseek(file_, 0, SEEK_END) != 0 && s.ok()) s = Failed("read");  // appends go on at the end
  return s;
}

}  // namespace mews
