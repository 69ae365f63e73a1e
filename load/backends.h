// Openers of the two sink implementations, free of database headers so the factory (load/sink.cc)
// compiles without them. Internal to load/.
#pragma once

#include <memory>
#include <string>

#include "load/sink.h"

namespace mews {

// `uri`: a libpq URI; `display`: its redacted form for messages.
Result<std::unique_ptr<Sink>> OpenPostgresSink(const std::string& uri, const std::string& display,
                                               const SinkOptions& options);
// `path`: the database file; `display`: "sqlite:PATH" for messages.
Result<std::unique_ptr<Sink>> OpenSqliteSink(const std::string& path, const std::string& display,
                                             const SinkOptions& options);

}  // namespace mews
