// `mews-sim generate`: writes generated records as JSON Lines to a file or stdout.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace mews::sim {

struct GenerateOptions {
  std::string entity;         // EntityType as the API spells it
  uint64_t count = 0;         // records with index 0..count-1
  uint64_t seed = 1;
  int64_t anchor_micros = 0;  // 0: DefaultAnchorMicros()
  std::string out_path;       // empty: stdout
  std::string reference_counts;  // "Type=N,...": the reference set facts draw ids from
};

// Writes `count` lines. Fails with kInvalidArgument for an unknown entity and kIoError (naming
// the file) when the output cannot be written.
Status RunGenerate(const GenerateOptions& options);

}  // namespace mews::sim
