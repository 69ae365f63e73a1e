// A mapping compiled once into lookup trees: for every JSON object level of a table's record, the
// keys it knows and what each one is (a column, a nested object, a child table). The row builder is
// driven only by this; it has no per-entity code. Immutable after Compile; safe to share.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "schemas/schema.h"

namespace mews {

struct TreeEntry {
  enum Kind : uint8_t { kColumn, kObject, kArray };
  std::string key;          // the JSON key, unescaped
  std::string padded_key;   // key, its closing quote, then 8 zero bytes (see RawKeyEquals)
  uint64_t head[2] = {0, 0};       // the first 16 bytes of key and quote, zero-filled
  uint64_t head_mask[2] = {0, 0};  // 0xFF in the bytes of `head` that key and quote fill
  Kind kind = kColumn;
  ColumnType type = ColumnType::kText;  // kColumn
  bool required = false;    // kColumn reached by its primary path: null rejects the record
  int column = -1;          // kColumn: index in the table's columns
  int localized = -1;       // kColumn of a localized text: index of its preferred-language column
  int node = -1;            // kObject: index of the nested node in the same tree
  int child = -1;           // kArray: index in EntityMapping::children
};

struct TreeNode {
  std::vector<TreeEntry> entries;     // in mapping order
  std::vector<int> required_columns;  // must be non-null whenever this object is present
};

// Sets e->key and the padded and head forms RawKeyEquals compares with.
void SetEntryKey(TreeEntry* e, std::string key);

// True when the key written at `raw` (just after its opening quote) is `e.key` without escapes,
// i.e. the bytes there are the key and its closing quote. Compares the first 16 bytes with one
// branch and any further ones 8 at a time: `raw` points into a simdjson-padded buffer, so reading
// past the key stays in bounds, and the masks ignore the bytes past the quote.
inline bool RawKeyEquals(const TreeEntry& e, const char* raw) {
  uint64_t a, b;
  std::memcpy(&a, raw, 8);
  std::memcpy(&b, raw + 8, 8);
  if ((((a ^ e.head[0]) & e.head_mask[0]) | ((b ^ e.head[1]) & e.head_mask[1])) != 0) return false;
  const size_t n = e.key.size() + 1;
  const char* key = e.padded_key.data();
  for (size_t i = 16; i < n; i += 8) {
    std::memcpy(&a, raw + i, 8);
    std::memcpy(&b, key + i, 8);
    const uint64_t mask = n - i >= 8 ? ~uint64_t{0} : (uint64_t{1} << ((n - i) * 8)) - 1;
    if (((a ^ b) & mask) != 0) return false;  // little-endian: the mask keeps the first bytes
  }
  return true;
}

// One table's record: nodes[0] is the record object itself.
struct TableTree {
  const Table* table = nullptr;
  std::vector<TreeNode> nodes;

  // Index of `key` in nodes[node].entries, or -1. `hint` is the entry tried first and is moved past
  // the match, so records whose fields come in mapping order cost one comparison per field.
  int Find(int node, std::string_view key, size_t* hint) const {
    const std::vector<TreeEntry>& e = nodes[node].entries;
    if (*hint < e.size() && e[*hint].key == key) return static_cast<int>((*hint)++);
    for (size_t i = 0; i < e.size(); ++i) {
      if (e[i].key.size() == key.size() && e[i].key == key) {
        *hint = i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  // Find for a key as written in the JSON text (see RawKeyEquals); -1 also for escaped keys.
  int FindRaw(int node, const char* raw, size_t* hint) const {
    const std::vector<TreeEntry>& e = nodes[node].entries;
    if (*hint < e.size() && RawKeyEquals(e[*hint], raw)) return static_cast<int>((*hint)++);
    for (size_t i = 0; i < e.size(); ++i) {
      if (RawKeyEquals(e[i], raw)) {
        *hint = i + 1;
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

struct CompiledMapping {
  const EntityMapping* mapping = nullptr;
  TableTree root;
  std::vector<TableTree> children;  // parallel to mapping->children
  int extra_column = -1;            // index of `_extra` in the root table, or -1
};

// Compiles `mapping`, which must outlive the result. Fails (InvalidArgument) when a path is both a
// leaf and an object, or a child table's array path collides with a column.
Result<CompiledMapping> CompileMapping(const EntityMapping& mapping);

}  // namespace mews
