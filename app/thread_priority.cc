#include "app/thread_priority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace mews {
namespace {

id_t ThisThread() { return static_cast<id_t>(syscall(SYS_gettid)); }

}  // namespace

int ThisThreadsNice() {
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, ThisThread());
  return nice == -1 && errno != 0 ? -100 : nice;
}

void LowerThisThreadsPriority(int steps) {
  const int now = ThisThreadsNice();
  if (now == -100) return;
  (void)setpriority(PRIO_PROCESS, ThisThread(), std::min(19, now + std::max(0, steps)));
}

}  // namespace mews
