// mews-sim: a local stand-in for the Mews export API (serve) and its record generator (generate).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "tools/mews-sim/generate_command.h"
#include "tools/mews-sim/record_generator.h"
#include "tools/mews-sim/sim_time.h"

namespace {

// Parses --anchor (YYYY-MM-DD) into microseconds; 0 when empty.
bool ParseAnchor(const std::string& text, int64_t* micros) {
  if (text.empty()) return true;
  std::optional<int64_t> day = mews::sim::ParseDate(text);
  if (!day) return false;
  *micros = *day * mews::sim::kMicrosPerDay;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mews-sim: a local Mews export API simulator and record generator"};
  app.require_subcommand(1);
  mews::sim::GenerateOptions gen;
  std::string anchor;
  CLI::App* g = app.add_subcommand("generate", "write generated records as JSON Lines");
  g->add_option("--entity", gen.entity, "EntityType")->required()
      ->check(CLI::IsMember(mews::sim::EntityNames()));
  g->add_option("--count", gen.count, "number of records")->required();
  g->add_option("--seed", gen.seed, "seed (default 1)");
  g->add_option("--anchor", anchor, "YYYY-MM-DD: timestamps end one day before it (default today)");
  g->add_option("--out", gen.out_path, "output file (default stdout)");
  CLI11_PARSE(app, argc, argv);
  if (!ParseAnchor(anchor, &gen.anchor_micros)) {
    std::fprintf(stderr, "mews-sim: --anchor: expected YYYY-MM-DD, got '%s'\n", anchor.c_str());
    return 2;
  }
  mews::Status s = mews::sim::RunGenerate(gen);
  if (!s.ok()) {
    std::fprintf(stderr, "mews-sim: %s\n", s.message().c_str());
    return s.code() == mews::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return 0;
}
