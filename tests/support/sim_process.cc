#include "tests/support/sim_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace mews::test {
namespace {

constexpr char kPrefix[] = "mews-sim listening on ";

// Reads from `fd` until a full first line arrives or `timeout_ms` passes.
bool ReadFirstLine(int fd, int timeout_ms, std::string* line) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string buf;
  while (buf.find('\n') == std::string::npos) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    deadline - std::chrono::steady_clock::now()).count());
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) continue;
    char chunk[256];
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;  // the child exited before printing
    buf.append(chunk, static_cast<size_t>(n));
  }
  *line = buf.substr(0, buf.find('\n'));
  return true;
}

}  // namespace

std::string MewsSimPath() { return std::string(MEWS_BINARY_DIR) + "/tools/mews-sim/mews-sim"; }

SimProcess StartSim(const std::vector<std::string>& args) {
  SimProcess sim;
  int fds[2];
  if (pipe(fds) != 0) {
    sim.error = "pipe() failed";
    return sim;
  }
  std::vector<std::string> argv = {MewsSimPath(), "serve", "--port", "0"};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> cargs;
    for (std::string& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  close(fds[1]);
  sim.pid = pid;
  sim.stdout_fd = fds[0];
  std::string line;
  if (!ReadFirstLine(fds[0], 15000, &line) || line.rfind(kPrefix, 0) != 0) {
    sim.error = "mews-sim did not print '" + std::string(kPrefix) + "URL' (got '" + line + "')";
    StopSim(sim);
    sim.pid = -1;
    return sim;
  }
  sim.base_url = line.substr(sizeof(kPrefix) - 1);
  return sim;
}

int StopSim(SimProcess& sim) {
  int result = -1;
  if (sim.pid > 0) {
    kill(sim.pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
      if (waitpid(sim.pid, &status, WNOHANG) == sim.pid) break;
      if (i == 999) {
        kill(sim.pid, SIGKILL);
        waitpid(sim.pid, &status, 0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    sim.pid = -1;
  }
  if (sim.stdout_fd >= 0) close(sim.stdout_fd);
  sim.stdout_fd = -1;
  return result;
}

}  // namespace mews::test
