// The checks of `mews-etl check`: each says ok or FAIL, what it found, and the fix. None creates an
// export, a table or a file that stays (the database write check rolls back; a SQLite file that did
// not exist is created, as any command would).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/options.h"
#include "extract/exporter.h"
#include "load/sink.h"
#include "schemas/registry.h"

namespace mews {

struct CheckLine {
  std::string name;    // config, api-host, tls, tokens, database, schema, work-dir
  bool ok = false;
  std::string detail;  // what was found (one line, no secrets)
  std::string fix;     // what to do; "" when ok
};

// The three API lines (api-host, tls, tokens) for `exporter` options: the host resolves, and one
// exports/getAll of a random export id over a verified connection answers 200 (401: the tokens;
// 403: the export operations are not enabled).
std::vector<CheckLine> CheckApi(const ExporterOptions& exporter);

// The database lines (database, schema): reachable and writable, and the migration still pending
// for `mappings` (not applied).
std::vector<CheckLine> CheckDatabase(const Options& options,
                                     const std::vector<const EntityMapping*>& mappings);

// The work-dir line: `dir` exists or can be created, is writable, and its file system has at least
// `min_free_bytes` free.
CheckLine CheckWorkDir(const std::string& dir, uint64_t min_free_bytes);

}  // namespace mews
