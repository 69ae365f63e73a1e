// The mapping parser over arbitrary bytes: an error is one line naming the source; an accepted
// mapping is well-formed (key and `_extra` columns, unique column names, child tables keyed by
// parent id and ordinal), compiles, and transforms a few records with every transform invariant.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "schemas/registry.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/fuzz/transform_check.h"
#include "transform/mapping_tree.h"

namespace {

constexpr const char* kRecords =
    "{\"Id\":\"0F0E0D0C-0B0A-4909-8807-060504030201\",\"A\":{\"B\":[{\"C\":1}]},\"Items\":[{}],\"X\":null}\n"
    "{}\n"
    "[1,2]\n"
    "{\"Id\":\"not a uuid\",\"UpdatedUtc\":\"2026-01-01T00:00:00+01:00\",\"Amount\":1e400}\n";

void CheckUniqueNames(const mews::Table& table) {
  std::set<std::string> names;
  for (const mews::Column& c : table.columns) {
    FUZZ_CHECK(!c.name.empty() && names.insert(c.name).second, table.name + "." + c.name);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  mews::Result<mews::EntityMapping> parsed = mews::ParseMapping(json, "fuzz.json");
  if (!parsed.ok()) {
    const std::string& m = parsed.status().message();
    FUZZ_CHECK(m.rfind("fuzz.json", 0) == 0, mews::fuzz::Printable(m));
    FUZZ_CHECK(m.find_first_of("\r\n") == std::string::npos, mews::fuzz::Printable(m));
    return 0;
  }
  const mews::EntityMapping& mapping = parsed.value();
  const mews::Table& root = mapping.root;
  FUZZ_CHECK(!root.name.empty() && !root.columns.empty(), mapping.entity);
  FUZZ_CHECK(mapping.key_column >= 0 && static_cast<size_t>(mapping.key_column) < root.columns.size(),
             root.name);
  FUZZ_CHECK(root.columns.back().role == mews::ColumnRole::kExtra, root.name);
  FUZZ_CHECK(mapping.updated_column < static_cast<int>(root.columns.size()), root.name);
  CheckUniqueNames(root);
  for (const mews::Table& child : mapping.children) {
    FUZZ_CHECK(child.columns.size() >= 2 && child.columns[0].role == mews::ColumnRole::kParentId &&
                   child.columns[1].role == mews::ColumnRole::kOrdinal,
               child.name);
    CheckUniqueNames(child);
  }
  mews::Result<mews::CompiledMapping> compiled = mews::CompileMapping(mapping);
  FUZZ_CHECK(compiled.ok(), compiled.status().message());
  mews::fuzz::CheckTransformInvariants(kRecords, mapping, 4);
  return 0;
}
