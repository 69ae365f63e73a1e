// Reads one mapping document (the format of schemas/README.md) into a validated EntityMapping.
// Pure: no I/O, no global state; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "schemas/schema.h"

namespace mews {

// Parses and validates one mapping document. `source` (a file name) prefixes every error, with the
// offending field: "order_item.json: field 'Amount.Foo': unknown type 'money'".
Result<EntityMapping> ParseMapping(std::string_view json, const std::string& source);

}  // namespace mews
