// Shared by the libFuzzer targets: invariant checks that abort (so libFuzzer saves the input) with a
// message saying what broke, and scratch files for code that reads files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mews::fuzz {

// Prints "fuzz invariant broken at FILE:LINE: WHAT (DETAIL)" to stderr and aborts.
[[noreturn]] void Fail(const char* file, int line, const char* what, const std::string& detail);

// Writes `content` to this process's scratch file number `slot` (under /dev/shm when it exists,
// else $TMPDIR or /tmp) and returns its path. The files are reused from one input to the next.
std::string WriteScratch(int slot, std::string_view content);

// `text` with control characters and non-ASCII bytes escaped as \xHH, cut at 200 bytes.
std::string Printable(std::string_view text);

}  // namespace mews::fuzz

#define FUZZ_CHECK(cond, detail)                                              \
  do {                                                                        \
    if (!(cond)) ::mews::fuzz::Fail(__FILE__, __LINE__, #cond, (detail));     \
  } while (0)
