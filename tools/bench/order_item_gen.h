// A deterministic generator of realistic OrderItem export lines, shaped like the API reference with
// every field present (about 1.7 KB each): nulls, unicode, escapes, negative amounts, timestamps
// with 0, 3 or 7 fraction digits. Used by the transform benchmark until mews-sim's generator lands.
#pragma once

#include <cstdint>
#include <string>

namespace mews::bench {

// The JSON text (no line end) of record `index` for `seed`; the same arguments give the same text.
std::string OrderItemLine(uint64_t seed, uint64_t index);

}  // namespace mews::bench
