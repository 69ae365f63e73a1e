// mews-etl check: the preflight a new user runs first. One line per check, `ok` or `FAIL` with the
// fix (or one JSON object with --json); succeeds only when every check passes. Creates no export.
#include <cstdio>

#include "app/command_impl.h"
#include "app/extract_setup.h"
#include "app/preflight.h"
#include "extract/export_request.h"

namespace mews {
namespace {

std::vector<CheckLine> NotChecked(const std::vector<std::string>& names) {
  std::vector<CheckLine> out;
  for (const std::string& n : names) {
    out.push_back({n, false, "not checked: the configuration is incomplete", "fix config first"});
  }
  return out;
}

// config, then api-host, tls and tokens.
std::vector<CheckLine> ApiLines(const Options& options) {
  Result<ExporterOptions> exporter = ExporterOptionsFromEnv(options);
  if (!exporter.ok()) {
    std::vector<CheckLine> out = {{"config", false, exporter.status().message(),
                                   "set the variable or flag it names (see README, Configuration)"}};
    for (CheckLine& l : NotChecked({"api-host", "tls", "tokens"})) out.push_back(std::move(l));
    return out;
  }
  std::vector<CheckLine> out = {{"config", true, "tokens set; API " + exporter->api_url, ""}};
  for (CheckLine& l : CheckApi(exporter.value())) out.push_back(std::move(l));
  return out;
}

void PrintText(const std::vector<CheckLine>& lines) {
  for (const CheckLine& l : lines) {
    std::printf("%-4s %s: %s%s\n", l.ok ? "ok" : "FAIL", l.name.c_str(), l.detail.c_str(),
                l.ok ? "" : ("; fix: " + l.fix).c_str());
  }
  std::fflush(stdout);
}

void PrintJson(const std::vector<CheckLine>& lines, bool all_ok) {
  std::string out = std::string("{\"ok\":") + (all_ok ? "true" : "false") + ",\"checks\":[";
  for (size_t i = 0; i < lines.size(); ++i) {
    const CheckLine& l = lines[i];
    out += std::string(i ? "," : "") + "{\"name\":" + JsonQuote(l.name) + ",\"ok\":" +
           (l.ok ? "true" : "false") + ",\"detail\":" + JsonQuote(l.detail) + ",\"fix\":" +
           JsonQuote(l.fix) + "}";
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace

Status RunCheck(const Options& options, const MappingRegistry& registry) {
  std::vector<CheckLine> lines = ApiLines(options);
  for (CheckLine& l : CheckDatabase(options, SelectMappings(registry, {}, false))) lines.push_back(std::move(l));
  auto min_free = static_cast<uint64_t>(options.min_free_gib * (1u << 30));
  lines.push_back(CheckWorkDir(WorkDirOf(options), min_free));
  size_t failed = 0;
  for (const CheckLine& l : lines) failed += l.ok ? 0 : 1;
  if (options.json) {
    PrintJson(lines, failed == 0);
  } else {
    PrintText(lines);
  }
  if (failed == 0) return Status::Ok();
  return Status::Aborted("check: " + std::to_string(failed) + " of " + std::to_string(lines.size()) +
                         " checks failed (see the FAIL lines)");
}

}  // namespace mews
