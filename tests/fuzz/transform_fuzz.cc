// The transform of one EntityType (MEWS_FUZZ_ENTITY, set per target in CMake) over arbitrary bytes:
// a window of JSON Lines -> rows and rejects, with the invariants of transform_check.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/transform_check.h"

namespace {
// Inputs of up to this many non-blank lines are also transformed line by line.
constexpr size_t kMaxIsolatedLines = 8;

const mews::EntityMapping& Mapping() {
  static const mews::EntityMapping& mapping = mews::fuzz::BuiltinMapping(MEWS_FUZZ_ENTITY);
  return mapping;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  mews::fuzz::CheckTransformInvariants(bytes, Mapping(), kMaxIsolatedLines);
  return 0;
}
