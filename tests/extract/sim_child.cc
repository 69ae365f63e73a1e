#include "tests/extract/sim_child.h"

#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include "tests/support/process.h"

namespace mews::test {
namespace {

const char kBanner[] = "mews-sim listening on ";

// Reads the child's stdout until the banner line arrives or 20 s pass.
std::string ReadBanner(int fd) {
  std::string out;
  for (int waited = 0; waited < 20000 && out.find('\n') == std::string::npos;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) {
      waited += 100;
      continue;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  size_t at = out.find(kBanner);
  if (at == std::string::npos) return "";
  std::string url = out.substr(at + sizeof(kBanner) - 1);
  return url.substr(0, url.find('\n'));
}

}  // namespace

SimChild::SimChild(const std::vector<std::string>& args) {
  work_dir_ = TempDir("sim");
  std::vector<std::string> argv = {std::string(MEWS_BINARY_DIR) + "/tools/mews-sim/mews-sim", "serve",
                                   "--port", "0", "--work-dir", work_dir_};
  argv.insert(argv.end(), args.begin(), args.end());
  int out[2];
  if (pipe(out) != 0) {
    error_ = "pipe failed";
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(out[1], 1);
    dup2(null, 2);
    std::vector<char*> cargs;
    for (const std::string& a : argv) cargs.push_back(const_cast<char*>(a.c_str()));
    cargs.push_back(nullptr);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  close(out[1]);
  url_ = ReadBanner(out[0]);
  close(out[0]);
  if (url_.empty()) error_ = "mews-sim did not start: " + argv[0];
}

SimChild::~SimChild() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
}

int SimChild::Post(const std::string& path, const std::string& json, std::string* reply) {
  httplib::Client client(url_);
  auto res = client.Post(path.c_str(), json, "application/json");
  if (!res) return 0;
  if (reply) *reply = res->body;
  return res->status;
}

std::vector<std::string> SimChild::Requests() {
  httplib::Client client(url_);
  auto res = client.Get("/_sim/requests");
  std::vector<std::string> lines;
  if (!res) return lines;
  size_t start = 0;
  for (size_t nl; (nl = res->body.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(res->body.substr(start, nl - start));
  }
  return lines;
}

std::vector<std::string> SimChild::RequestsTo(const std::string& suffix) {
  std::vector<std::string> out;
  for (const std::string& line : Requests()) {
    std::string path = JsonField(line, "path");
    if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(line);
    }
  }
  return out;
}

std::string JsonField(const std::string& line, const std::string& key) {
  std::string needle = "\"" + key + "\":";
  size_t at = line.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  if (line[at] == '"') return line.substr(at + 1, line.find('"', at + 1) - at - 1);
  return line.substr(at, line.find_first_of(",}", at) - at);
}

}  // namespace mews::test
