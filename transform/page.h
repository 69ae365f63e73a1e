// Transforms the pages of a Connector API */getAll response (reference data) into typed row
// batches, through the same mapping-driven row builder as JSON Lines files. Knows no network: the
// extract stage hands over each response body. No simdjson type in this header.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "transform/transform.h"

namespace mews {

// What one page held: how many records its collection had (rows and rejects) and its Cursor.
struct PageInfo {
  uint64_t items = 0;
  std::optional<std::string> cursor;  // nullopt when null or absent
};

class PageTransformer {
 public:
  // `mapping` must be a reference type's and outlive the transformer. InvalidArgument when it has
  // no source or cannot be compiled.
  static Result<std::unique_ptr<PageTransformer>> Create(const EntityMapping& mapping,
                                                         const TransformOptions& options,
                                                         BatchConsumer* consumer);
  virtual ~PageTransformer() = default;

  // Transforms every record of the mapping's collection in `body` (one whole response). Records are
  // parsed one at a time in place; the response is never held as a DOM. A record that cannot become
  // a row goes to the consumer as a Reject whose file is the operation ("services/getAll") and whose
  // line is the record's 1-based position over all pages of this transformer. ParseError (naming
  // the operation and page) when the body is not JSON, lacks the collection, or the collection is
  // not an array.
  virtual Result<PageInfo> Transform(const std::string& body, int page) = 0;
  // Hands over the last, partial batch. Call once, after the last page.
  virtual Status Finish() = 0;
  virtual const TransformStats& stats() const = 0;
};

}  // namespace mews
