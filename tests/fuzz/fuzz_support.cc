#include "tests/fuzz/fuzz_support.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

namespace mews::fuzz {

void Fail(const char* file, int line, const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s (%s)\n", file, line, what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

namespace {
std::set<std::string>& ScratchFiles() {
  static std::set<std::string> files;
  return files;
}
void RemoveScratchFiles() {
  for (const std::string& path : ScratchFiles()) std::remove(path.c_str());
}
}  // namespace

std::string WriteScratch(int slot, std::string_view content) {
  static const std::string dir = [] {
    if (access("/dev/shm", W_OK) == 0) return std::string("/dev/shm");
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
  }();
  const std::string path =
      dir + "/mews-fuzz-" + std::to_string(getpid()) + "-" + std::to_string(slot) + ".jsonl";
  if (ScratchFiles().empty()) std::atexit(RemoveScratchFiles);
  ScratchFiles().insert(path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out.good()) Fail(__FILE__, __LINE__, "scratch file written", path);
  return path;
}

std::string Printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 200)) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (text.size() > 200) out += "...";
  return out;
}

}  // namespace mews::fuzz
