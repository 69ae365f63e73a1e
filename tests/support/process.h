// Runs a program as a child process for end-to-end tests and captures what it printed.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mews::test {

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal
  int signal = 0;          // the signal that ended it, or 0
  std::string out;         // standard output
  std::string err;         // standard error
};

// Runs argv[0] (a path) with `argv`, extra environment `env` (a value of "" unsets the variable),
// waits for it and returns what it printed.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {});

// Forks and execs argv[0] (a path) with `argv` and extra environment `env` (a value of "" unsets the
// variable), stdin from /dev/null, stdout and stderr to the given files. Returns the child's pid.
int Spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
          const std::string& out_path, const std::string& err_path);

// The whole content of a file ("" when it cannot be read).
std::string ReadFile(const std::string& path);

// The mews-etl executable of this build.
std::string MewsEtlPath();

// A fresh, empty directory under the build tree's tmp/, unique per call.
std::string TempDir(const std::string& prefix);

}  // namespace mews::test
