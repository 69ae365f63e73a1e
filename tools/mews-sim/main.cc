// mews-sim: a local stand-in for the Mews export API (serve) and its record generator (generate).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "tools/mews-sim/generate_command.h"
#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/serve_command.h"
#include "tools/mews-sim/sim_time.h"

namespace {

void AddGenerate(CLI::App& app, mews::sim::GenerateOptions* gen, std::string* anchor) {
  CLI::App* g = app.add_subcommand("generate", "write generated records as JSON Lines");
  g->add_option("--entity", gen->entity, "EntityType")->required();
  g->add_option("--count", gen->count, "number of records")->required();
  g->add_option("--seed", gen->seed, "seed (default 1)");
  g->add_option("--anchor", *anchor, "YYYY-MM-DD: timestamps end one day before it (default today)");
  g->add_option("--out", gen->out_path, "output file (default stdout)");
  g->add_option("--reference-counts", gen->reference_counts,
                "sizes of the reference set the records' ids come from: Type=N,...");
}

void AddServe(CLI::App& app, mews::sim::ServeFlags* f) {
  CLI::App* s = app.add_subcommand("serve", "serve the export API on loopback");
  s->add_option("--host", f->host, "address to listen on (default 127.0.0.1)");
  s->add_option("--port", f->port, "port; 0 picks a free one (default 0)");
  s->add_option("--seed", f->seed, "record generator seed (default 1)");
  s->add_option("--anchor", f->anchor, "YYYY-MM-DD: timestamps end one day before it (default today)");
  s->add_option("--count", f->count, "records per EntityType (default 1000)");
  s->add_option("--counts", f->counts, "per-type counts: Entity=N,Entity=N");
  s->add_option("--files-per-export", f->files_per_export, "files per export (default 3)");
  s->add_option("--processing-seconds", f->processing_seconds,
                "Pending -> Processing -> Success over this many seconds; 0: at once (default 1)");
  s->add_option("--url-ttl", f->url_ttl_seconds, "signed URL lifetime in seconds (default 600)");
  s->add_option("--export-lifetime", f->export_lifetime_seconds,
                "seconds from Success to Expired (default 604800)");
  s->add_option("--client-token", f->client_token, "expected ClientToken (default sim-client-token)");
  s->add_option("--access-token", f->access_token, "expected AccessToken (default sim-access-token)");
  s->add_option("--work-dir", f->work_dir, "where export files are written (default a temp dir)");
  s->add_option("--request-log", f->request_log, "append the request log (JSON Lines) to FILE");
  s->add_option("--faults", f->faults, "fault rules as JSON, as POST /_sim/faults takes them");
  s->add_option("--tls-cert", f->tls_cert, "serve HTTPS with this PEM certificate (needs --tls-key)");
  s->add_option("--tls-key", f->tls_key, "PEM private key of --tls-cert");
  s->add_option("--files-host", f->files_host, "host name signed file URLs name (default: the request's)");
  s->add_option("--property", f->properties,
                "TOKEN=SEED (repeatable): answer this access token with its own data set from SEED");
  s->add_option("--rate-limit", f->rate_limit, "N/SECONDS per access token, sliding (default 200/30)");
  s->add_option("--reference-counts", f->reference_counts,
                "reference set sizes: Type=N,... (Service, AccountingCategory, ResourceCategory, "
                "Resource, Rate, RateGroup, BusinessSegment, Source, AgeCategory, Product)");
}

int Report(const mews::Status& s) {
  if (s.ok()) return 0;
  std::fprintf(stderr, "mews-sim: %s\n", s.message().c_str());
  return s.code() == mews::StatusCode::kInvalidArgument ? 2 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mews-sim: a local Mews export API simulator and record generator"};
  app.require_subcommand(1);
  mews::sim::GenerateOptions gen;
  std::string anchor;
  mews::sim::ServeFlags serve;
  AddGenerate(app, &gen, &anchor);
  AddServe(app, &serve);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // --help is 0; every usage error is 2
  }
  if (app.got_subcommand("serve")) return Report(mews::sim::RunServe(serve));
  if (!anchor.empty()) {
    std::optional<int64_t> day = mews::sim::ParseDate(anchor);
    if (!day) return Report(mews::Status::InvalidArgument("--anchor: expected YYYY-MM-DD, got '" + anchor + "'"));
    gen.anchor_micros = *day * mews::sim::kMicrosPerDay;
  }
  return Report(mews::sim::RunGenerate(gen));
}
