// Lookups over the builtin mappings shared by the schema tests.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "schemas/registry.h"

namespace mews {

// The registry built from the embedded mapping files; fails the calling test when they do not load.
inline const MappingRegistry& BuiltinRegistry() {
  static const Result<MappingRegistry> registry = MappingRegistry::Builtin();
  REQUIRE_MESSAGE(registry.ok(), registry.status().message());
  return registry.value();
}

// The table named `name` of any builtin mapping (root or child), or nullptr.
inline const Table* FindTable(const std::string& name) {
  for (const EntityMapping& m : BuiltinRegistry().mappings()) {
    if (m.root.name == name) return &m.root;
    for (const Table& child : m.children) {
      if (child.name == name) return &child;
    }
  }
  return nullptr;
}

// The column named `name` of `table`, or nullptr.
inline const Column* FindColumn(const Table& table, const std::string& name) {
  for (const Column& c : table.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace mews
