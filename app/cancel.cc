#include "app/cancel.h"

#include <csignal>
#include <unistd.h>

namespace mews {
namespace {
volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnSignal(int sig) {
  if (g_signal != 0) _exit(128 + sig);
  g_signal = sig;
}
}  // namespace

void InstallCancelHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // A file size limit (RLIMIT_FSIZE) must not kill the process silently: writes past it fail with
  // EFBIG instead, and are reported like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
}

bool CancelRequested() { return g_signal != 0; }
int CancelSignal() { return g_signal; }

}  // namespace mews
