#include "load/file_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace mews {
namespace {

// One byte of the lock file per entity name.
off_t OffsetFor(const std::string& entity) {
  uint32_t h = 2166136261u;
  for (char c : entity) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return static_cast<off_t>(h % (1u << 30));
}

struct flock Region(short type, const std::string& entity) {
  struct flock fl;
  std::memset(&fl, 0, sizeof fl);
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = OffsetFor(entity);
  fl.l_len = 1;
  return fl;
}

}  // namespace

FileLocks::~FileLocks() {
  if (fd_ >= 0) close(fd_);
}

Status FileLocks::Lock(const std::string& entity, LockMode mode) {
  if (held_.count(entity)) return Status::Ok();
  if (fd_ < 0) {
    fd_ = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::IoError(path_ + ": cannot open lock file: " + std::strerror(errno));
  }
  struct flock fl = Region(F_WRLCK, entity);
  int cmd = mode == LockMode::kWait ? F_OFD_SETLKW : F_OFD_SETLK;
  while (fcntl(fd_, cmd, &fl) != 0) {
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EACCES) {
      return Status::Unavailable("another mews-etl process is loading " + entity + " into this database (lock " +
                                 path_ + ")");
    }
    return Status::IoError(path_ + ": cannot lock: " + std::strerror(errno));
  }
  held_[entity] = true;
  return Status::Ok();
}

Status FileLocks::Unlock(const std::string& entity) {
  if (!held_.erase(entity)) return Status::Ok();
  struct flock fl = Region(F_UNLCK, entity);
  if (fcntl(fd_, F_OFD_SETLK, &fl) != 0) return Status::IoError(path_ + ": cannot unlock: " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace mews
