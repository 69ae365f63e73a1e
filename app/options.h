// The parsed command line of mews-etl (design.md section 2). Only app/ reads argv and the environment.
#pragma once

#include <string>
#include <vector>

namespace mews {

struct Options {
  std::string command;                // sync, extract, load, schema, status
  std::vector<std::string> entities;  // validated EntityTypes, in the order given
  std::string db;                     // --db, else MEWS_ETL_DB, else "sqlite:mews.db"
  std::string pg_schema = "mews";     // PostgreSQL schema of the entity and state tables
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
  std::string ca_file;                   // --ca-file (sync, extract, check), else MEWS_CA_FILE
  // extract
  std::string out_dir;
  // load
  std::vector<std::string> files;
  // schema
  bool print = false;
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
