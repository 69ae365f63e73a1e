// What the run state remembers about one Mews export, and the journal that keeps it durable.
// The extract stage writes through ExportJournal the moment exports/add returns an id, so a crashed
// run can resume the export; the load stage implements it on the target database (etl_exports).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace mews {

struct ExportFile {
  std::string url;          // signed, short-lived: never logged with its query string, never stored
  int64_t size_bytes = 0;
};

struct ExportRecord {
  std::string id;            // export id (uuid) from exports/add
  std::string entity;        // EntityType
  std::string status;        // Pending, Processing, Success, Failed, Expired (API) or Loaded (ours)
  std::string scope_json;    // the Scope sent, as JSON ("null" when none)
  std::string filters_json;  // the Filters sent, as JSON ("null" when none)
  std::string window_start;  // UpdatedUtc window start or posting start ("" for a full export)
  std::string window_end;    // UpdatedUtc window end or posting end ("" for a full export)
  bool full = false;         // a full export: rows absent from it get _deleted_at
  int file_count = 0;        // number of files once Success
  int64_t total_bytes = 0;   // sum of SizeInBytes once Success
  std::string expires_utc;   // ExpiresUtc once known
  std::string created_at;    // when exports/add returned, UTC
  std::string connection;    // the connection whose access token created it (filled by the journal)
};

// Durable store of export records. Implementations commit each call on its own, outside any load
// transaction, so a record survives a crash of the run that wrote it.
class ExportJournal {
 public:
  virtual ~ExportJournal() = default;
  // Inserts the record or replaces the one with the same id.
  virtual Status SaveExport(const ExportRecord& record) = 0;
  // Exports of `entity` that were created but not yet loaded, failed or expired; newest first.
  virtual Result<std::vector<ExportRecord>> OpenExports(const std::string& entity) = 0;
};

}  // namespace mews
