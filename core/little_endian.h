// Little-endian byte order for hashes and encodings that must not depend on the host.
#pragma once

#include <cstdint>

namespace mews {

// `v` with its bytes in little-endian order (unchanged on little-endian hosts). Its own inverse.
inline uint64_t LittleEndian(uint64_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap64(v);
#else
  return v;
#endif
}
inline uint32_t LittleEndian(uint32_t v) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap32(v);
#else
  return v;
#endif
}

}  // namespace mews
