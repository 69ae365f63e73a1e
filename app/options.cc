#include "app/options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>

#include "app/version.h"
#include "schemas/registry.h"

namespace mews {
namespace {

void AddDb(CLI::App* cmd, Options* o) {
  cmd->add_option("--db", o->db, "postgresql://user:pass@host:port/db or sqlite:PATH "
                                 "(default: $MEWS_ETL_DB, else sqlite:mews.db)");
  cmd->add_option("--pg-schema", o->pg_schema, "PostgreSQL schema for the tables (default: mews)");
}

void AddLogging(CLI::App* cmd, Options* o) {
  cmd->add_option("--log-format", o->log_format, "text or json (default: text)")
      ->check(CLI::IsMember({"text", "json"}));
}

void AddCaFile(CLI::App* cmd, Options* o) {
  cmd->add_option("--ca-file", o->ca_file, "PEM file of the CAs to trust for Mews' TLS certificates "
                                           "instead of the system's (default: $MEWS_CA_FILE)");
}

void AddSync(CLI::App& app, Options* o) {
  CLI::App* c = app.add_subcommand("sync", "export, download, transform and load, incrementally");
  c->add_option("--entity", o->entities, "EntityType to sync (repeatable; default: all but LedgerEntry)");
  AddDb(c, o);
  c->add_flag("--full", o->full, "full export; rows absent from it get _deleted_at");
  c->add_option("--since", o->since, "backfill: UpdatedUtc window start (UTC, ISO 8601)");
  c->add_option("--until", o->until, "backfill: UpdatedUtc window end (UTC, ISO 8601)");
  c->add_option("--posting-from", o->posting_from, "LedgerEntry: first posting date (YYYY-MM-DD)");
  c->add_option("--posting-to", o->posting_to, "LedgerEntry: last posting date (YYYY-MM-DD)");
  c->add_option("--poll-interval", o->poll_interval, "seconds between exports/getAll polls")
      ->check(CLI::PositiveNumber);
  c->add_option("--max-rejects", o->max_rejects, "bad lines allowed per export (default: 0)")
      ->check(CLI::NonNegativeNumber);
  c->add_option("--work-dir", o->work_dir, "download directory (default: $MEWS_ETL_WORK_DIR or "
                                           "./mews-etl-work)");
  c->add_option("--summary-json", o->summary_json, "write per-type counts, durations, export ids");
  c->add_option("--on-locked", o->on_locked, "another sync holds an entity type: wait or exit")
      ->check(CLI::IsMember({"wait", "exit"}));
  AddCaFile(c, o);
  AddLogging(c, o);
}

void AddOthers(CLI::App& app, Options* o) {
  CLI::App* e = app.add_subcommand("extract", "create or resume an export, download its files");
  e->add_option("--entity", o->entities, "EntityType")->required()->expected(1);
  e->add_option("--out", o->out_dir, "directory for the downloaded files")->required();
  e->add_option("--poll-interval", o->poll_interval, "seconds between polls")->check(CLI::PositiveNumber);
  e->add_option("--posting-from", o->posting_from, "LedgerEntry: first posting date (YYYY-MM-DD)");
  e->add_option("--posting-to", o->posting_to, "LedgerEntry: last posting date (YYYY-MM-DD)");
  AddCaFile(e, o);
  AddDb(e, o);
  AddLogging(e, o);

  CLI::App* l = app.add_subcommand("load", "transform and load local .jsonl files");
  l->add_option("--entity", o->entities, "EntityType of the files")->required()->expected(1);
  AddDb(l, o);
  l->add_option("--max-rejects", o->max_rejects, "bad lines allowed (default: 0)")
      ->check(CLI::NonNegativeNumber);
  l->add_option("files", o->files, "JSON Lines files")->required();
  AddLogging(l, o);

  CLI::App* s = app.add_subcommand("schema", "create or migrate tables");
  s->add_option("--entity", o->entities, "EntityType (repeatable; default: all)");
  AddDb(s, o);
  s->add_flag("--print", o->print, "print the DDL instead of running it");

  CLI::App* st = app.add_subcommand("status", "recent runs, open exports, watermarks");
  AddDb(st, o);

  CLI::App* ck = app.add_subcommand("check", "preflight: tokens, API host and TLS, database, schema, "
                                             "work directory; exit 0 only if all pass");
  AddDb(ck, o);
  AddCaFile(ck, o);
  ck->add_option("--work-dir", o->work_dir, "download directory (default: $MEWS_ETL_WORK_DIR or "
                                            "./mews-etl-work)");
  ck->add_option("--min-free-gib", o->min_free_gib, "free space the work directory needs (default: 1)")
      ->check(CLI::NonNegativeNumber);
  ck->add_flag("--json", o->json, "print the result as one JSON object");
}

// Returns "" when every entity is known, else the error line.
std::string CheckEntities(const std::vector<std::string>& entities) {
  const auto& all = AllEntityTypes();
  for (const std::string& e : entities) {
    if (std::find(all.begin(), all.end(), e) == all.end()) {
      return "unknown entity type '" + e + "' (valid: " + EntityTypeList() + ")";
    }
  }
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
  if (std::string err = CheckEntities(o.entities); !err.empty()) return UsageError(err);
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
