// A child process that runs in the background while the test acts on it (waits for a condition,
// sends a signal), with its output captured to files. For end-to-end tests that kill a program
// mid-way; tests/support/process.h runs a program to completion instead. Not thread-safe: call
// these from the test's own thread.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace mews::test {

struct Child {
  pid_t pid = -1;   // -1 once waited for (or when fork failed)
  std::string dir;  // holds the captured "out" and "err"
};

// Starts argv[0] (a path) with `argv` and extra environment `env` (a value of "" unsets the
// variable); stdin is /dev/null, stdout and stderr go to files in a fresh temporary directory.
Child StartChild(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {});

// True while the child has not exited (reaps it when it has; WaitChild still reports it).
bool ChildRunning(Child& child);

// Waits for the child to end and returns its exit code or signal and everything it printed.
ProcessResult WaitChild(Child& child);

// Sends `sig` to a running child; false when it is already gone.
bool SignalChild(const Child& child, int sig);

}  // namespace mews::test
