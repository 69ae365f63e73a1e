// The transform's guarantees (transform/transform.h), checked on arbitrary bytes: every non-blank
// line yields exactly one row or one reject with its line number; values are canonical for their
// column type; the window and batch sizes change nothing; a line's outcome does not depend on the
// lines around it. Used by the transform targets and the mapping-parser target.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schemas/schema.h"
#include "transform/transform.h"

namespace mews::fuzz {

// One reject as the harnesses compare it: reason and raw text kept apart, since either may hold any
// separator (a reason quotes the value it refuses).
struct RejectSeen {
  std::string reason;
  std::string raw;
  bool operator==(const RejectSeen& o) const { return reason == o.reason && raw == o.raw; }
  bool operator!=(const RejectSeen& o) const { return !(*this == o); }
  std::string Render() const { return reason + " | " + raw; }
};

// Everything one TransformFile call produced, rendered so that two runs compare exactly.
struct Outcome {
  std::string status;                                        // "" when OK
  TransformStats stats;
  std::vector<std::pair<uint64_t, std::string>> root;        // (line, cells) per root row
  std::vector<std::vector<std::string>> children;            // cells per row, per child table
  std::vector<std::pair<uint64_t, RejectSeen>> rejects;      // (line, reject)
};

// The built-in mapping of EntityType `entity` (the registry is built once); aborts when unknown.
const EntityMapping& BuiltinMapping(const char* entity);

// Checks that cell (r, c) of `rows` holds what its column promises (canonical uuids and timestamps,
// valid dates and durations, decimals as a JSON number token found verbatim in `raw`, UTF-8 text
// without NUL, valid JSON); `raw` is the text a root row came from, nullptr when unknown.
void CheckCell(const TableRows& rows, size_t r, size_t c, const std::string_view* raw);

// Row r of `rows`, rendered so that two rows compare exactly.
std::string RenderRow(const TableRows& rows, size_t r);

// Transforms `bytes` (written to scratch file `slot`) with `mapping` and checks every row's values
// against the column types and the lines' raw text, and the line accounting.
Outcome TransformChecked(std::string_view bytes, const EntityMapping& mapping,
                         const TransformOptions& options, int slot);

// All of the above for `bytes`, plus: a small window with small batches gives the same outcome as
// the defaults, and (for inputs of up to `max_isolated` non-blank lines) each line transformed alone
// gives exactly its part of the whole.
void CheckTransformInvariants(std::string_view bytes, const EntityMapping& mapping, size_t max_isolated);

}  // namespace mews::fuzz
