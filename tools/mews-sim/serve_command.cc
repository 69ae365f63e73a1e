#include "tools/mews-sim/serve_command.h"

#include <signal.h>

#include <cstdio>
#include <sstream>

#include "tools/mews-sim/ref_types.h"
#include "tools/mews-sim/sim_time.h"

namespace mews::sim {
namespace {

Status ParseCounts(const std::string& text, std::array<uint64_t, kEntityCount>* counts) {
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t eq = item.find('=');
    std::optional<Entity> e = eq == std::string::npos ? std::nullopt
                                                       : ParseEntity(item.substr(0, eq));
    char* end = nullptr;
    unsigned long long n = e ? std::strtoull(item.c_str() + eq + 1, &end, 10) : 0;
    if (!e || end == item.c_str() + eq + 1 || *end != '\0') {
      return Status::InvalidArgument("--counts: expected EntityType=N, got '" + item + "'");
    }
    (*counts)[static_cast<size_t>(*e)] = n;
  }
  return Status::Ok();
}

// "TOKEN=SEED" (split at the last '='), tokens distinct.
Status ParseProperties(const std::vector<std::string>& items, std::vector<PropertyOptions>* out) {
  for (const std::string& item : items) {
    size_t eq = item.rfind('=');
    char* end = nullptr;
    const char* digits = eq == std::string::npos ? nullptr : item.c_str() + eq + 1;
    unsigned long long seed = digits ? std::strtoull(digits, &end, 10) : 0;
    if (!digits || eq == 0 || end == digits || *end != '\0' || *digits == '-') {
      return Status::InvalidArgument("--property: expected TOKEN=SEED (SEED a whole number), got "
                                     "an argument of " + std::to_string(item.size()) + " characters");
    }
    for (const PropertyOptions& p : *out) {
      if (p.access_token == item.substr(0, eq)) {
        return Status::InvalidArgument("--property: the same access token is given twice");
      }
    }
    out->push_back({item.substr(0, eq), seed});
  }
  return Status::Ok();
}

// "N/SECONDS": N >= 0 requests per SECONDS >= 1.
Status ParseRateLimit(const std::string& text, RateLimit* out) {
  size_t slash = text.find('/');
  char* end1 = nullptr;
  char* end2 = nullptr;
  long long n = slash == std::string::npos ? -1 : std::strtoll(text.c_str(), &end1, 10);
  long long seconds = n < 0 ? 0 : std::strtoll(text.c_str() + slash + 1, &end2, 10);
  if (n < 0 || end1 != text.c_str() + slash || seconds < 1 || *end2 != '\0') {
    return Status::InvalidArgument("--rate-limit: expected N/SECONDS (e.g. 200/30), got '" + text + "'");
  }
  out->requests = static_cast<uint64_t>(n);
  out->window_seconds = seconds;
  return Status::Ok();
}

}  // namespace

Status BuildServerOptions(const ServeFlags& f, ServerOptions* o) {
  o->host = f.host;
  o->port = f.port;
  o->generator.seed = f.seed;
  if (!f.anchor.empty()) {
    std::optional<int64_t> day = ParseDate(f.anchor);
    if (!day) return Status::InvalidArgument("--anchor: expected YYYY-MM-DD, got '" + f.anchor + "'");
    o->generator.anchor_micros = *day * kMicrosPerDay;
  } else {
    o->generator.anchor_micros = DefaultAnchorMicros();
  }
  o->counts.fill(f.count);
  MEWS_RETURN_IF_ERROR(ParseCounts(f.counts, &o->counts));
  if (f.files_per_export < 1) return Status::InvalidArgument("--files-per-export: must be at least 1");
  if (f.processing_seconds < 0) return Status::InvalidArgument("--processing-seconds: must not be negative");
  if (f.url_ttl_seconds < 1) return Status::InvalidArgument("--url-ttl: must be at least 1 second");
  if (f.export_lifetime_seconds < 1) return Status::InvalidArgument("--export-lifetime: must be at least 1 second");
  o->timing.files_per_export = f.files_per_export;
  o->timing.processing_micros = static_cast<int64_t>(f.processing_seconds * kMicrosPerSecond);
  o->timing.lifetime_micros = f.export_lifetime_seconds * kMicrosPerSecond;
  o->url_ttl_seconds = f.url_ttl_seconds;
  if (f.client_token.empty() || f.access_token.empty()) {
    return Status::InvalidArgument("--client-token/--access-token: must not be empty");
  }
  o->client_token = f.client_token;
  o->access_token = f.access_token;
  o->work_dir = f.work_dir;
  o->request_log_path = f.request_log;
  o->tls_cert_file = f.tls_cert;
  o->tls_key_file = f.tls_key;
  o->files_host = f.files_host;
  MEWS_RETURN_IF_ERROR(ParseProperties(f.properties, &o->properties));
  MEWS_RETURN_IF_ERROR(ParseRateLimit(f.rate_limit, &o->rate_limit));
  std::string error = f.reference_counts.empty() ? "" : ParseRefCounts(f.reference_counts, &o->generator.ref_counts);
  if (!error.empty()) return Status::InvalidArgument("--reference-counts: " + error);
  if (!f.faults.empty()) {
    Result<std::vector<FaultRule>> rules = ParseFaultRules(f.faults);
    if (!rules.ok()) return rules.status().WithContext("--faults");
    o->faults = std::move(rules.value());
  }
  return Status::Ok();
}

Status RunServe(const ServeFlags& flags) {
  ServerOptions options;
  MEWS_RETURN_IF_ERROR(BuildServerOptions(flags, &options));
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  SimServer server(options);
  Result<int> port = server.Start();
  if (!port.ok()) return port.status();
  std::printf("mews-sim listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  server.Stop();
  std::fprintf(stderr, "mews-sim: stopped by signal %d\n", sig);
  return Status::Ok();
}

}  // namespace mews::sim
