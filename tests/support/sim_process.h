// Starts mews-sim (this build's tools/mews-sim/mews-sim) as a child process for tests, on a free
// loopback port, and stops it. Not thread-safe per SimProcess; several may run at once.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace mews::test {

struct SimProcess {
  pid_t pid = -1;         // -1 when starting failed
  std::string base_url;   // "http://127.0.0.1:PORT"
  std::string error;      // why starting failed
  int stdout_fd = -1;     // read end of the child's stdout (closed by StopSim)
};

// Runs `mews-sim serve --port 0 <args...>` and waits (up to 15 s) for its
// "mews-sim listening on URL" line. On failure pid is -1 and `error` says why.
SimProcess StartSim(const std::vector<std::string>& args = {});

// Sends SIGTERM and waits; returns the exit status (128 + signal when killed by one). A simulator
// that does not stop within 10 s is killed with SIGKILL (the return value then says 137).
int StopSim(SimProcess& sim);

// The mews-sim executable of this build.
std::string MewsSimPath();

}  // namespace mews::test
