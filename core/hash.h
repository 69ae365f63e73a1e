// A fast 64-bit content hash: XXH64 (xxHash's 64-bit variant, seed 0), bit-exact with the reference
// implementation. Used to tell whether a record's content changed; not for security.
#pragma once

#include <cstdint>
#include <string_view>

namespace mews {

uint64_t Hash64(std::string_view data);

}  // namespace mews
