// The parsed command line of mews-etl (docs/cli.md). Only app/ reads argv and the environment.
#pragma once

#include <string>
#include <vector>

namespace mews {

struct Options {
  std::string command;                // sync, extract, load, schema, status
  std::vector<std::string> entities;  // validated EntityTypes (sync, schema: or reference types), in order
  std::string db;                     // --db, else MEWS_ETL_DB, else "sqlite:mews.db"
  std::string pg_schema = "mews";     // PostgreSQL schema of the entity and state tables
  // --connection (repeatable on sync with --config), else MEWS_CONNECTION, else "default"; names
  // checked. `connection` is the one of a single-connection run (connections.front()).
  std::vector<std::string> connections;
  std::string connection = "default";
  bool connection_given = false;      // --connection or MEWS_CONNECTION was set
  bool rebind = false;                // sync/extract: store a new token fingerprint for the connection
  std::string config;                 // sync --config FILE (TOML): several connections
  int jobs = 4;                       // sync --config: connections run at a time
  bool db_given = false;              // --db or MEWS_ETL_DB was set (they win over the config file)
  std::vector<std::string> enterprise_ids, chain_ids;  // Scope of exports/add (from the config file)
  // sync
  bool full = false;
  std::string since, until;              // --since / --until (UTC timestamps)
  std::string posting_from, posting_to;  // --posting-from / --posting-to (dates)
  double poll_interval = 0;              // seconds; 0 = default
  long long max_rejects = 0;
  std::string work_dir;                  // where downloads go; "" = default
  std::string summary_json;              // path for the run summary, or ""
  std::string log_format = "text";       // text or json
  std::string on_locked = "wait";        // wait or exit: a concurrent sync holds the entity
  double db_retry_seconds = 120;         // how long a load is retried after transient database failures
  std::string ca_file;                   // --ca-file (sync, extract, check), else MEWS_CA_FILE
  // reference data (sync)
  std::string language;                  // --language, else MEWS_LANGUAGE, else "en-US"
  bool no_reference = false;             // --no-reference: facts only
  bool reference_only = false;           // --reference-only: reference types only
  // extract
  std::string out_dir;
  // load
  std::vector<std::string> files;
  // schema
  bool print = false;
  bool reference = false;  // --reference: print the Markdown table reference (docs/table-reference.md)
  // check
  bool json = false;          // --json: one JSON object on stdout
  double min_free_gib = 1;    // --min-free-gib: the work directory needs this much free space
};

// Outcome of parsing: run with `options`, or exit at once with `exit_code` after printing `output`
// (help and version go to stdout with 0; usage errors to stderr with 2).
struct ParseOutcome {
  bool run = false;
  int exit_code = 0;
  std::string output;
  Options options;
};

ParseOutcome ParseCommandLine(int argc, const char* const* argv);

}  // namespace mews
