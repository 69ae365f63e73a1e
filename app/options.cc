#include "app/options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>

#include "app/version.h"
#include "core/time.h"
#include "load/sink.h"
#include "schemas/registry.h"

namespace mews {
namespace {

// An instant flag: a timestamp or a date of core/time.h, the one grammar every stage reads.
CLI::Validator Instant() {
  return CLI::Validator(
      [](std::string& s) {
        return ParseTimestampOrDate(s) ? std::string()
                                       : "not an ISO 8601 timestamp (2025-01-01T00:00:00Z, +02:00 or +0200) "
                                         "or date (2025-01-01): '" + s + "'";
      },
      "TIMESTAMP|DATE");
}

// A date flag: YYYY-MM-DD of core/time.h.
CLI::Validator Date() {
  return CLI::Validator(
      [](std::string& s) { return ParseDate(s) ? std::string() : "not a date YYYY-MM-DD: '" + s + "'"; }, "DATE");
}

void AddPosting(CLI::App* cmd, Options* o) {
  cmd->add_option("--posting-from", o->posting_from, "types exported by posting date (LedgerEntry): first "
                                                     "posting date (YYYY-MM-DD)")->check(Date());
  cmd->add_option("--posting-to", o->posting_to, "types exported by posting date (LedgerEntry): last "
                                                 "posting date (YYYY-MM-DD)")->check(Date());
}

void AddDb(CLI::App* cmd, Options* o) {
  cmd->add_option("--db", o->db, "postgresql://user:pass@host:port/db or sqlite:PATH "
                                 "(default: $MEWS_ETL_DB, else sqlite:mews.db)");
  cmd->add_option("--pg-schema", o->pg_schema, "PostgreSQL schema for the tables (default: mews)");
}

void AddConnection(CLI::App* cmd, Options* o, bool repeatable) {
  CLI::Option* c = cmd->add_option("--connection", o->connections,
                                   repeatable ? "connection name (default: $MEWS_CONNECTION, else default); with "
                                                "--config: the connections to run (repeatable; default: all)"
                                              : "connection name (default: $MEWS_CONNECTION, else default)");
  if (!repeatable) c->expected(1);
}

void AddLogging(CLI::App* cmd, Options* o) {
  cmd->add_option("--log-format", o->log_format, "text or json (default: text)")
      ->check(CLI::IsMember({"text", "json"}));
}

void AddCaFile(CLI::App* cmd, Options* o) {
  cmd->add_option("--ca-file", o->ca_file, "PEM file of the CAs to trust for Mews' TLS certificates "
                                           "instead of the system's (default: $MEWS_CA_FILE)");
}

void AddReference(CLI::App* c, Options* o) {
  c->add_option("--language", o->language, "language of the name columns of reference tables, e.g. de-DE "
                                           "(default: $MEWS_LANGUAGE, else en-US)");
  CLI::Option* no_ref = c->add_flag("--no-reference", o->no_reference, "sync the exported types only");
  c->add_flag("--reference-only", o->reference_only, "sync the reference types only")->excludes(no_ref);
}

void AddSync(CLI::App& app, Options* o) {
  CLI::App* c = app.add_subcommand("sync", "export, download, transform and load, incrementally");
  c->add_option("--entity", o->entities, "EntityType or reference type to sync (repeatable; default: all "
                                         "but LedgerEntry, then every reference type)");
  AddDb(c, o);
  AddConnection(c, o, true);
  c->add_flag("--rebind", o->rebind, "the connection's access token was rotated: store its new fingerprint");
  c->add_option("--config", o->config, "TOML file naming several connections (see README: Hotel groups)");
  c->add_option("--jobs", o->jobs, "with --config: connections synced at a time (default: 4)")
      ->check(CLI::Range(1, 64));
  c->add_flag("--full", o->full, "full export; rows absent from it get _deleted_at");
  c->add_option("--since", o->since, "backfill: UpdatedUtc window start (ISO 8601 timestamp with Z or an "
                                     "offset, or a date: its midnight UTC)")->check(Instant());
  c->add_option("--until", o->until, "backfill: UpdatedUtc window end (as --since)")->check(Instant());
  AddPosting(c, o);
  c->add_option("--poll-interval", o->poll_interval, "seconds between exports/getAll polls")
      ->check(CLI::PositiveNumber);
  c->add_option("--max-rejects", o->max_rejects, "bad lines allowed per export (default: 0)")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--work-dir", o->work_dir, "download directory (default: $MEWS_ETL_WORK_DIR or "
                                           "./mews-etl-work)");
  c->add_option("--summary-json", o->summary_json, "write per-type counts, durations, export ids");
  c->add_option("--on-locked", o->on_locked, "another sync holds an entity type: wait or exit")
      ->check(CLI::IsMember({"wait", "exit"}));
  c->add_option("--db-retry", o->db_retry_seconds, "seconds a load keeps being retried after the database "
                                                   "became unavailable (default: 120; 0: no retry)")
      ->check(CLI::NonNegativeNumber);
  AddCaFile(c, o);
  AddLogging(c, o);
  AddReference(c, o);
}

void AddOthers(CLI::App& app, Options* o) {
  CLI::App* e = app.add_subcommand("extract", "create or resume an export, download its files");
  e->add_option("--entity", o->entities, "EntityType")->required()->expected(1);
  e->add_option("--out", o->out_dir, "directory for the downloaded files")->required();
  e->add_option("--poll-interval", o->poll_interval, "seconds between polls")->check(CLI::PositiveNumber);
  AddPosting(e, o);
  AddCaFile(e, o);
  AddDb(e, o);
  AddConnection(e, o, false);
  e->add_flag("--rebind", o->rebind, "the connection's access token was rotated: store its new fingerprint");
  AddLogging(e, o);

  CLI::App* l = app.add_subcommand("load", "transform and load local .jsonl files");
  l->add_option("--entity", o->entities, "EntityType of the files")->required()->expected(1);
  AddDb(l, o);
  AddConnection(l, o, false);
  l->add_option("--max-rejects", o->max_rejects, "bad lines allowed (default: 0)")
      ->check(CLI::NonNegativeNumber);
  l->add_option("files", o->files, "JSON Lines files")->required();
  AddLogging(l, o);

  CLI::App* s = app.add_subcommand("schema", "create or migrate tables");
  s->add_option("--entity", o->entities, "EntityType (repeatable; default: all)");
  AddDb(s, o);
  CLI::Option* print = s->add_flag("--print", o->print, "print the DDL instead of running it");
  s->add_flag("--reference", o->reference, "print the Markdown reference of the tables instead")
      ->excludes(print);

  CLI::App* st = app.add_subcommand("status", "recent runs, open exports, watermarks, by connection");
  AddDb(st, o);
  AddConnection(st, o, false);

  CLI::App* ck = app.add_subcommand("check", "preflight: tokens, API host and TLS, database, schema, "
                                             "work directory; exit 0 only if all pass");
  AddDb(ck, o);
  AddCaFile(ck, o);
  ck->add_option("--work-dir", o->work_dir, "download directory (default: $MEWS_ETL_WORK_DIR or "
                                            "./mews-etl-work)");
  ck->add_option("--min-free-gib", o->min_free_gib, "free space the work directory needs (default: 1)")
      ->check(CLI::NonNegativeNumber);
  ck->add_flag("--json", o->json, "print the result as one JSON object");
  AddConnection(ck, o, false);
}

// Returns "" when every entity is known, else the error line. sync and schema also take the
// reference types.
std::string CheckEntities(const std::vector<std::string>& entities, bool reference_too) {
  const auto& all = AllEntityTypes();
  const auto& refs = AllReferenceTypes();
  for (const std::string& e : entities) {
    if (std::find(all.begin(), all.end(), e) != all.end()) continue;
    if (reference_too && std::find(refs.begin(), refs.end(), e) != refs.end()) continue;
    return "unknown entity type '" + e + "' (valid: " + EntityTypeList() +
           (reference_too ? "; reference types: " + ReferenceTypeList() : std::string()) + ")";
  }
  return "";
}

// Resolves --connection / MEWS_CONNECTION; returns "" or the error line.
std::string ResolveConnections(Options* o) {
  const char* env = std::getenv("MEWS_CONNECTION");
  const bool from_env = o->connections.empty() && o->config.empty() && env && *env;
  o->connection_given = !o->connections.empty() || from_env;
  if (o->connections.empty() && o->config.empty()) o->connections.push_back(from_env ? env : "default");
  for (const std::string& name : o->connections) {
    Status s = CheckConnectionName(name);
    if (!s.ok()) return std::string(from_env ? "MEWS_CONNECTION: " : "--connection: ") + s.message();
  }
  if (o->connections.size() > 1 && o->config.empty()) {
    return "--connection is given " + std::to_string(o->connections.size()) +
           " times: several connections need --config FILE";
  }
  if (!o->connections.empty()) o->connection = o->connections.front();
  return "";
}

ParseOutcome UsageError(const std::string& message) {
  ParseOutcome out;
  out.exit_code = 2;
  out.output = "mews-etl: " + message + "; see 'mews-etl --help'\n";
  return out;
}

}  // namespace

ParseOutcome ParseCommandLine(int argc, const char* const* argv) {
  Options o;
  CLI::App app("mews-etl " + std::string(kVersion) +
                   ": moves Mews exports into PostgreSQL or SQLite for reporting",
               "mews-etl");
  app.set_version_flag("--version", "mews-etl " + std::string(kVersion));
  app.require_subcommand(1, 1);
  AddSync(app, &o);
  AddOthers(app, &o);
  static const std::vector<std::string> kCommands = {"sync", "extract", "load", "schema", "status",
                                                     "check"};
  if (argc > 1 && argv[1][0] != '-' &&
      std::find(kCommands.begin(), kCommands.end(), argv[1]) == kCommands.end()) {
    return UsageError(std::string("unknown sub-command '") + argv[1] +
                      "' (sync, extract, load, schema, status, check)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return ParseOutcome{false, 0, app.help(), {}};
  } catch (const CLI::CallForAllHelp&) {
    return ParseOutcome{false, 0, app.help("", CLI::AppFormatMode::All), {}};
  } catch (const CLI::CallForVersion& e) {
    return ParseOutcome{false, 0, std::string(e.what()) + "\n", {}};
  } catch (const CLI::ParseError& e) {
    return UsageError(e.what());
  }
  o.command = app.get_subcommands().front()->get_name();
  const bool reference_too = o.command == "sync" || o.command == "schema";
  if (std::string err = CheckEntities(o.entities, reference_too); !err.empty()) return UsageError(err);
  if (o.language.empty()) {
    const char* env = std::getenv("MEWS_LANGUAGE");
    o.language = (env && *env) ? env : "en-US";
  }
  if (std::string err = ResolveConnections(&o); !err.empty()) return UsageError(err);
  o.db_given = !o.db.empty() || (std::getenv("MEWS_ETL_DB") && *std::getenv("MEWS_ETL_DB"));
  if (o.db.empty()) {
    const char* env = std::getenv("MEWS_ETL_DB");
    o.db = (env && *env) ? env : "sqlite:mews.db";
  }
  if (o.ca_file.empty()) {
    const char* env = std::getenv("MEWS_CA_FILE");
    o.ca_file = env ? env : "";
  }
  ParseOutcome out;
  out.run = true;
  out.options = std::move(o);
  return out;
}

}  // namespace mews
