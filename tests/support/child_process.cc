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

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

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
  pid_t pid = fork();
  if (pid == 0) {
    for (const auto& [k, v] : env) {
      if (v.empty()) unsetenv(k.c_str());
      else setenv(k.c_str(), v.c_str(), 1);
    }
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
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
  r.out = Slurp(child.dir + "/out");
  r.err = Slurp(child.dir + "/err");
  std::filesystem::remove_all(child.dir);
  return r;
}

bool SignalChild(const Child& child, int sig) {
  if (child.pid <= 0 || Reaped().count(child.pid)) return false;
  return kill(child.pid, sig) == 0;
}

}  // namespace mews::test
