#include "app/thread_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace mews {

int LowerThisThreadsPriority(int steps) {
  const id_t tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (now == -1 && errno != 0) return -1;
  const int want = std::min(19, now + std::max(0, steps));
  if (setpriority(PRIO_PROCESS, tid, want) != 0) return -1;
  return want;
}

}  // namespace mews
