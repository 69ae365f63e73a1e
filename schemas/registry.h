// The mapping registry: every EntityType's EntityMapping, read from the mapping files and validated
// once at start-up. Immutable after construction; safe to share between threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "schemas/mapping_parser.h"  // ParseMapping, for the registry's users
#include "core/result.h"
#include "schemas/schema.h"

namespace mews {

// The ten EntityTypes exactly as the API spells them, in the order the CLI lists them.
const std::vector<std::string>& AllEntityTypes();

// "OrderItem, Payment, ..." for error messages.
std::string EntityTypeList();

// The reference types (read through */getAll, not exports), in the order sync loads them: an
// operation's required ids come from a type loaded before it.
const std::vector<std::string>& AllReferenceTypes();
std::string ReferenceTypeList();

class MappingRegistry {
 public:
  // The mappings compiled into the executable from schemas/mappings/*.json.
  static Result<MappingRegistry> Builtin();
  // Mappings read from `documents` (source name -> JSON text); checks the whole set: one mapping per
  // EntityType or reference type, all of both present when `require_all`, no table name used
  // twice, and every reference source's "ids" naming a reference type loaded before its own.
  static Result<MappingRegistry> FromDocuments(const std::map<std::string, std::string>& documents,
                                               bool require_all);

  // nullptr when `entity` has no mapping.
  const EntityMapping* Find(std::string_view entity) const;
  const std::vector<EntityMapping>& mappings() const { return *mappings_; }

 private:
  std::shared_ptr<const std::vector<EntityMapping>> mappings_;
};

// The export filter of `entity` by the built-in mappings (kUpdatedUtc for a name without one).
// Reads them once; thread-safe.
ExportFilter BuiltinExportFilter(std::string_view entity);

// The embedded mapping files: file name -> contents (generated at build time).
const std::map<std::string, std::string>& EmbeddedMappingFiles();

}  // namespace mews
