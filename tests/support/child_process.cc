#include "tests/support/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mews::test {
namespace {

// Exit statuses of children reaped by ChildRunning, for the WaitChild that follows.
std::map<pid_t, int>& Reaped() {
  static std::map<pid_t, int> reaped;
  return reaped;
}

}  // namespace

Child StartChild(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  Child child;
  child.dir = TempDir("child");
  std::string out_path = child.dir + "/out", err_path = child.dir + "/err";
  pid_t pid = Spawn(argv, env, out_path, err_path);
  child.pid = pid;
  return child;
}

bool ChildRunning(Child& child) {
  if (child.pid <= 0) return false;
  if (Reaped().count(child.pid)) return false;
  int status = 0;
  pid_t r = waitpid(child.pid, &status, WNOHANG);
  if (r == child.pid) {
    Reaped()[child.pid] = status;
    return false;
  }
  return r == 0;
}

ProcessResult WaitChild(Child& child) {
  ProcessResult r;
  if (child.pid <= 0) return r;
  int status = 0;
  auto it = Reaped().find(child.pid);
  if (it != Reaped().end()) {
    status = it->second;
    Reaped().erase(it);
  } else {
    waitpid(child.pid, &status, 0);
  }
  child.pid = -1;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = ReadFile(child.dir + "/out");
  r.err = ReadFile(child.dir + "/err");
  std::filesystem::remove_all(child.dir);
  return r;
}

bool SignalChild(const Child& child, int sig) {
  if (child.pid <= 0 || Reaped().count(child.pid)) return false;
  return kill(child.pid, sig) == 0;
}

}  // namespace mews::test
