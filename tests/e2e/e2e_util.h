// Helpers for the end-to-end suite: the real mews-etl binary against mews-sim (a child process),
// into real SQLite files and the real PostgreSQL (tests/load/targets.h). Every mews-etl run made
// through these helpers is checked for leaked secrets (tokens, signed URL query values).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/load/targets.h"
#include "tests/support/child_process.h"
#include "tests/support/process.h"
#include "tests/support/sim_process.h"

namespace mews::test {

// Distinctive credentials, so a leak is found by a plain substring search.
inline constexpr const char* kClientToken = "e2e-client-tok-Q7xZ3";
inline constexpr const char* kAccessToken = "e2e-access-tok-K9wP2";
// Access tokens of further properties (hotel-group tests run one mews-sim per token).
inline constexpr const char* kAccessTokenB = "e2e-access-tok-B4mR8";
inline constexpr const char* kAccessTokenC = "e2e-access-tok-C2vN6";

// A running mews-sim with the e2e tokens; stopped (and its exit checked) on destruction.
class Sim {
 public:
  explicit Sim(std::vector<std::string> args, const std::string& access_token = kAccessToken);
  ~Sim();
  const std::string& url() const { return process_.base_url; }
  // POSTs a control request (/_sim/...) and returns the response body; fails the test unless 200.
  std::string Control(const std::string& path, const std::string& json);

  struct Request {
    std::string path, entity, export_id;
    int status = 0;
    std::string updated_start, updated_end;   // Filters.UpdatedUtc of an add, "" when absent
    std::string posting_start, posting_end;   // Filters.LedgerEntryFilters.Posting
    bool filters_null = false;                // an add with "Filters": null (a full export)
  };
  std::vector<Request> Requests();
  // The successful exports/add requests of `entity` (all types when empty).
  std::vector<Request> Adds(const std::string& entity = "");

 private:
  SimProcess process_;
};

// The environment a mews-etl run needs to reach `sim` (debug logging on, to check more output).
std::map<std::string, std::string> EtlEnv(const Sim& sim);
// The same with another access token (for a second property's mews-sim).
std::map<std::string, std::string> EtlEnv(const Sim& sim, const std::string& access_token);

// Runs mews-etl with `args`; checks that nothing printed contains a secret.
ProcessResult Etl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

// Starts mews-etl in the background with `args` (same checks when waited for with WaitEtl).
Child StartEtl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env);
ProcessResult WaitEtl(Child& child);

// Fails the test when `text` holds a token or a signed URL's query values.
void CheckNoSecrets(const std::string& text);

// The lines of mews-etl's stderr logged at level error.
std::vector<std::string> ErrorLines(const std::string& err);

// `--db URL [--pg-schema S]` for a target.
std::vector<std::string> DbArgs(const Target& target);

// `status` with the database.
std::vector<std::string> StatusArgs(const Target& target);

// `sync` with the database, a work directory, a short poll interval and `extra`.
std::vector<std::string> SyncArgs(const Target& target, const std::string& work_dir,
                                  const std::vector<std::string>& extra);

// Per-type figures of a --summary-json file.
struct EntityFigures {
  std::string status;
  long long inserted = -1, updated = -1, unchanged = -1, deleted = -1;
  std::vector<std::string> export_ids;
  std::string connection, error;
};
std::map<std::string, EntityFigures> ReadSummary(const std::string& path);
// The same keyed by "connection/entity" (several connections in one run).
std::map<std::string, EntityFigures> ReadSummaryByConnection(const std::string& path);

// The ids of records `indexes` of `entity` as mews-sim generates them (seed 1).
std::vector<std::string> SimRecordIds(const std::string& entity, const std::vector<int>& indexes);

// Seconds since the epoch of an ISO 8601 UTC timestamp ("2026-11-28T12:00:00.123Z"); fails the
// test when it does not parse.
double EpochSeconds(const std::string& iso);
double NowSeconds();

// Root table of `entity` (e.g. "customers"), and every table of every type.
std::string RootTable(const std::string& entity);
std::vector<std::string> AllTables(const std::string& entity);

// Waits (up to 20 s) until `condition` holds; false on time-out.
bool WaitFor(const std::function<bool()>& condition);

// Waits until a mews-etl load transaction is open on `target` (SQLite: the write lock is held;
// PostgreSQL: a session named PgAppName(target) has written in a transaction open for 300 ms, so
// the run's short bookkeeping transactions before the load are not taken for it). False on time-out.
bool WaitForOpenLoad(const Target& target);

// The application_name for mews-etl's PostgreSQL sessions on `target` (set it with PGAPPNAME).
std::string PgAppName(const Target& target);

// "ids|columns" of every row of every table of `entity`, for "exactly as they were".
std::string DumpEntity(Inspector& db, const std::string& entity);

// The most recent run of `entity` in etl_runs: {status, error}.
std::vector<std::string> LastRun(Inspector& db, const std::string& entity);

}  // namespace mews::test
