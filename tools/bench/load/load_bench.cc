// load_bench: measures the load stage alone on generated OrderItems, and prepares the same data and
// SQL for the baselines that scripts/bench.d/load runs with psql and sqlite3.
//   load_bench sink --db URL [--pg-schema S] --rows N [--version V] [--batch B]
//       Migrates, then loads N records in one load (Begin, Write per batch, Commit). Generation of
//       each batch is not timed. Prints: rows=N seconds=S rows_per_s=R peak_rss_kb=K inserted=...
//   load_bench files --rows N [--version V] [--changed-every K | --incremental-of M] --jsonl FILE
//       Writes the same records as JSON Lines: records 0..N-1 at version V (default 1). With
//       --changed-every K, records whose index is a multiple of K are at version V+1 instead (a
//       re-export in which every K-th record changed, the others byte-identical to version V). With
//       --incremental-of M (M records 0..M-1 are loaded): N/2 of those, spread evenly over 0..M-1,
//       at version V+1 (changed), then N - N/2 new records M, M+1, ... at version V.
//   load_bench sql --dialect pg|sqlite [--pg-schema S]
//       Prints the pure-SQL merge from the one-column staging table raw(doc).
//   load_bench tables
//       Prints the OrderItem table names, root first.
//   load_bench measure LOG CMD [ARG...]
//       Runs CMD with its output going to LOG. Prints: seconds=S peak_rss_kb=K (of CMD alone).
//       Exits 1, naming LOG, when CMD fails.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>

#include "load/sink.h"
#include "schemas/registry.h"
#include "tests/load/row_gen.h"
#include "tools/bench/load/bench_data.h"

namespace mews::bench {
namespace {

struct Args {
  std::string command;
  std::map<std::string, std::string> flags;
  std::string Get(const std::string& k, const std::string& def = "") const {
    auto it = flags.find(k);
    return it == flags.end() ? def : it->second;
  }
  long long Num(const std::string& k, long long def) const { return std::stoll(Get(k, std::to_string(def))); }
};

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "load_bench: %s\n", what.c_str());
  return 1;
}

int RunSink(const Args& a, const EntityMapping& m) {
  SinkOptions options;
  options.pg_schema = a.Get("--pg-schema", "mews");
  Result<std::unique_ptr<Sink>> sink = OpenSink(a.Get("--db"), options);
  if (!sink.ok()) return Fail(sink.status().message());
  Result<std::vector<std::string>> ddl = (*sink)->Migrate({&m});
  if (!ddl.ok()) return Fail(ddl.status().message());
  const long long rows = a.Num("--rows", 100000), batch_rows = a.Num("--batch", 20000);
  const test::GenOptions gen{static_cast<int>(a.Num("--version", 1)), false, 2};
  using Clock = std::chrono::steady_clock;
  Clock::duration timed{};
  auto t0 = Clock::now();
  Result<std::unique_ptr<Load>> load = (*sink)->Begin(m, LoadContext{});
  timed += Clock::now() - t0;
  if (!load.ok()) return Fail(load.status().message());
  Status s;
  RowBatch batch(&m);
  for (long long first = 0; s.ok() && first < rows; first += batch_rows) {
    batch.Clear();
    for (long long i = first; i < std::min(rows, first + batch_rows); ++i) test::AddRecord(&batch, i, gen);
    t0 = Clock::now();
    s = (*load)->Write(batch);
    timed += Clock::now() - t0;
  }
  if (!s.ok()) return Fail(s.message());
  t0 = Clock::now();
  Result<LoadCounts> counts = (*load)->Commit({});
  timed += Clock::now() - t0;
  if (!counts.ok()) return Fail(counts.status().message());
  const double secs = std::chrono::duration<double>(timed).count();
  std::printf("rows=%lld seconds=%.3f rows_per_s=%.0f peak_rss_kb=%ld inserted=%lld updated=%lld unchanged=%lld\n",
              rows, secs, rows / secs, PeakRssKb(), static_cast<long long>(counts->root().inserted),
              static_cast<long long>(counts->root().updated), static_cast<long long>(counts->root().unchanged));
  return 0;
}

// The records `files` writes: the i-th (0 <= i < rows) is record Index(i) at version Version(i).
struct FileRecords {
  long long rows = 0;
  int version = 1;
  long long changed_every = 0;   // > 0: every K-th record at version + 1
  long long incremental_of = 0;  // > 0: an increment of `rows` to records 0..incremental_of-1
  long long Changed() const { return rows / 2; }  // incremental: the existing records it changes
  uint64_t Index(long long i) const {
    if (incremental_of <= 0) return static_cast<uint64_t>(i);
    if (i < Changed()) return static_cast<uint64_t>((2 * i + 1) * incremental_of / (2 * Changed()));
    return static_cast<uint64_t>(incremental_of + (i - Changed()));
  }
  int Version(long long i) const {
    if (incremental_of > 0) return i < Changed() ? version + 1 : version;
    return changed_every > 0 && i % changed_every == 0 ? version + 1 : version;
  }
};

int RunFiles(const Args& a, const EntityMapping& m) {
  FileRecords f;
  f.rows = a.Num("--rows", 100000);
  f.version = static_cast<int>(a.Num("--version", 1));
  f.changed_every = a.Num("--changed-every", 0);
  f.incremental_of = a.Num("--incremental-of", 0);
  if (f.changed_every > 0 && f.incremental_of > 0) return Fail("--changed-every and --incremental-of exclude each other");
  if (f.incremental_of > 0 && f.Changed() > f.incremental_of) {
    return Fail("--incremental-of " + std::to_string(f.incremental_of) + " has fewer records than the " +
                std::to_string(f.Changed()) + " to change");
  }
  std::ofstream jsonl(a.Get("--jsonl"), std::ios::binary);
  RowBatch batch(&m);
  std::string buf;
  for (long long first = 0; first < f.rows; first += 20000) {
    batch.Clear();
    for (long long i = first; i < std::min(f.rows, first + 20000); ++i) {
      test::AddRecord(&batch, f.Index(i), test::GenOptions{f.Version(i), false, 2});
    }
    buf.clear();
    AppendJsonLines(batch, &buf);
    jsonl << buf;
  }
  jsonl.flush();
  return jsonl.good() ? 0 : Fail("cannot write " + a.Get("--jsonl"));
}

// Runs argv[0..] with stdout and stderr going to `log`, and reports its wall time and peak RSS.
int RunMeasure(const char* log, char** argv) {
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return Fail("fork failed");
  if (pid == 0) {
    const int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) _exit(127);
    dup2(fd, 1);
    dup2(fd, 2);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return Fail("wait4 failed");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "load_bench: %s failed (status %d); its output: %s\n", argv[0], status, log);
    return 1;
  }
  std::printf("seconds=%.3f peak_rss_kb=%ld\n", secs, usage.ru_maxrss);
  return 0;
}

}  // namespace
}  // namespace mews::bench

int main(int argc, char** argv) {
  using namespace mews::bench;
  Args a;
  if (argc < 2) return Fail("usage: load_bench sink|files|sql|tables|measure [--flag value]...");
  a.command = argv[1];
  if (a.command == "measure") {
    if (argc < 4) return Fail("usage: load_bench measure LOG CMD [ARG...]");
    return RunMeasure(argv[2], argv + 3);
  }
  for (int i = 2; i + 1 < argc; i += 2) a.flags[argv[i]] = argv[i + 1];
  mews::MappingRegistry registry = [] {
    auto r = mews::MappingRegistry::FromDocuments(mews::EmbeddedMappingFiles(), false);
    return std::move(r.value());
  }();
  const mews::EntityMapping* m = registry.Find("OrderItem");
  if (m == nullptr) return Fail("no OrderItem mapping");
  if (a.command == "sink") return RunSink(a, *m);
  if (a.command == "files") return RunFiles(a, *m);
  if (a.command == "sql") {
    const bool pg = a.Get("--dialect") == "pg";
    std::fputs(PureSqlMerge(pg ? mews::Dialect::kPostgres : mews::Dialect::kSqlite, a.Get("--pg-schema", "mews"), *m).c_str(),
               stdout);
    return 0;
  }
  if (a.command == "tables") {
    std::printf("%s\n", m->root.name.c_str());
    for (const mews::Table& c : m->children) std::printf("%s\n", c.name.c_str());
    return 0;
  }
  return Fail("unknown command '" + a.command + "'");
}
