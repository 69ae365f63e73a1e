#include "transform/mapping_tree.h"

#include <utility>

#include "schemas/naming.h"

namespace mews {

void SetEntryKey(TreeEntry* e, std::string key) {
  e->key = std::move(key);
  e->padded_key = e->key + '"' + std::string(8, '\0');
  e->head[0] = e->head[1] = e->head_mask[0] = e->head_mask[1] = 0;
  for (size_t i = 0; i < 16 && i < e->key.size() + 1; ++i) {
    const uint64_t byte = static_cast<unsigned char>(e->padded_key[i]);
    e->head[i / 8] |= byte << (8 * (i % 8));
    e->head_mask[i / 8] |= uint64_t{0xFF} << (8 * (i % 8));
  }
}

namespace {

// Walks (creating as needed) the object nodes of path[0..n-1) and returns the node that holds the
// last segment, or -1 when a segment on the way is already a leaf or an array.
int NodeFor(TableTree* tree, const std::vector<std::string>& path) {
  int node = 0;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    int found = -1;
    for (size_t k = 0; k < tree->nodes[node].entries.size(); ++k) {
      if (tree->nodes[node].entries[k].key == path[i]) found = static_cast<int>(k);
    }
    if (found < 0) {
      TreeEntry e;
      SetEntryKey(&e, path[i]);
      e.kind = TreeEntry::kObject;
      e.node = static_cast<int>(tree->nodes.size());
      tree->nodes[node].entries.push_back(e);
      tree->nodes.emplace_back();
      node = e.node;
      continue;
    }
    const TreeEntry& e = tree->nodes[node].entries[found];
    if (e.kind != TreeEntry::kObject) return -1;
    node = e.node;
  }
  return node;
}

Status AddLeaf(TableTree* tree, const std::vector<std::string>& path, TreeEntry entry,
               const std::string& source) {
  const int node = path.empty() ? -1 : NodeFor(tree, path);
  bool duplicate = false;
  if (node >= 0) {
    for (const TreeEntry& e : tree->nodes[node].entries) duplicate = duplicate || e.key == path.back();
  }
  if (node < 0 || duplicate) {
    return Status::InvalidArgument(source + ": table " + tree->table->name + ": path '" +
                                   JoinPath(path) + "' collides with another field");
  }
  SetEntryKey(&entry, entry.key);
  if (entry.kind == TreeEntry::kColumn && entry.required) {
    tree->nodes[node].required_columns.push_back(entry.column);
  }
  tree->nodes[node].entries.push_back(std::move(entry));
  return Status::Ok();
}

Status BuildTree(const Table& table, const std::string& source, TableTree* tree) {
  tree->table = &table;
  tree->nodes.assign(1, TreeNode{});
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Column& col = table.columns[c];
    if (col.role != ColumnRole::kData) continue;
    TreeEntry e;
    e.kind = TreeEntry::kColumn;
    e.type = col.type;
    e.column = static_cast<int>(c);
    e.key = col.path.empty() ? std::string() : col.path.back();
    e.required = col.required;
    if (c + 1 < table.columns.size() && table.columns[c + 1].role == ColumnRole::kLocalizedName) {
      e.localized = static_cast<int>(c + 1);
    }
    MEWS_RETURN_IF_ERROR(AddLeaf(tree, col.path, e, source));
    for (const auto& alias : col.aliases) {
      e.key = alias.empty() ? std::string() : alias.back();
      e.required = false;
      MEWS_RETURN_IF_ERROR(AddLeaf(tree, alias, e, source));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<CompiledMapping> CompileMapping(const EntityMapping& mapping) {
  CompiledMapping out;
  out.mapping = &mapping;
  MEWS_RETURN_IF_ERROR(BuildTree(mapping.root, mapping.source, &out.root));
  for (size_t c = 0; c < mapping.root.columns.size(); ++c) {
    if (mapping.root.columns[c].role == ColumnRole::kExtra) out.extra_column = static_cast<int>(c);
  }
  out.children.resize(mapping.children.size());
  for (size_t k = 0; k < mapping.children.size(); ++k) {
    const Table& child = mapping.children[k];
    MEWS_RETURN_IF_ERROR(BuildTree(child, mapping.source, &out.children[k]));
    if (child.columns.size() < 2 || child.columns[0].role != ColumnRole::kParentId ||
        child.columns[1].role != ColumnRole::kOrdinal) {
      return Status::InvalidArgument(mapping.source + ": table " + child.name +
                                     ": the first columns must be parent_id and ordinal");
    }
    TreeEntry e;
    e.kind = TreeEntry::kArray;
    e.child = static_cast<int>(k);
    e.key = child.path.empty() ? std::string() : child.path.back();
    MEWS_RETURN_IF_ERROR(AddLeaf(&out.root, child.path, e, mapping.source));
  }
  return out;
}

}  // namespace mews
