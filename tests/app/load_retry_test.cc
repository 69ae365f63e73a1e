// The retry loop of a sync's load (app/load_retry.h): which failures it retries, how often, how
// the files are replayed, and what ends it. The load itself is stood in for by a function: what is
// tested here is the loop; tests/e2e/db_retry_test.cc runs it against a real PostgreSQL.
#include <doctest/doctest.h>

#include "app/file_queue.h"
#include "app/load_retry.h"

using namespace mews;

namespace {

// Reads a source to its end.
std::vector<std::string> ReadAll(const FileSource& files) {
  std::vector<std::string> out;
  for (;;) {
    Result<std::optional<std::string>> f = files();
    if (!f.ok() || !f->has_value()) return out;
    out.push_back(**f);
  }
}

struct Script {
  std::vector<Status> outcomes;  // of the attempts, in order; OK ends the load
  std::vector<std::vector<std::string>> read;  // files each attempt read
  std::vector<double> waits;
  int prepared = 0;
  Status prepare_status;

  LoadRetryHooks Hooks() {
    LoadRetryHooks h;
    h.attempt = [this](const FileSource& files) -> Result<LoadResult> {
      // The first attempt fails after one file, the later ones read everything.
      if (read.empty()) {
        Result<std::optional<std::string>> f = files();
        read.push_back({f.ok() && f->has_value() ? **f : "?"});
      } else {
        read.push_back(ReadAll(files));
      }
      Status s = outcomes.at(read.size() - 1);
      if (!s.ok()) return s;
      return LoadResult{};
    };
    h.prepare = [this](const Status&, int) {
      ++prepared;
      return prepare_status;
    };
    h.wait = [this](const Status&, double seconds) {
      waits.push_back(seconds);
      return true;
    };
    return h;
  }
};

FileSource Files(std::vector<std::string> paths) { return FixedFiles(std::move(paths)); }

}  // namespace

TEST_SUITE("app.load_retry") {
  TEST_CASE("unavailable, retryable and in-doubt failures are retried with backoff, replaying the files") {
    Script s;
    s.outcomes = {Status::Unavailable("gone"), Status::Retryable("deadlock"), Status::InDoubt("commit"),
                  Status::Ok()};
    int retries = -1;
    Result<LoadResult> r = LoadWithRetries(Files({"1.jsonl", "2.jsonl"}), 60, s.Hooks(), &retries);
    CHECK(r.ok());
    CHECK(retries == 3);
    CHECK(s.prepared == 3);
    CHECK(s.waits == std::vector<double>{1, 2, 4});
    CHECK(s.read == std::vector<std::vector<std::string>>{{"1.jsonl"},
                                                          {"1.jsonl", "2.jsonl"},
                                                          {"1.jsonl", "2.jsonl"},
                                                          {"1.jsonl", "2.jsonl"}});
  }

  TEST_CASE("other failures are not retried") {
    for (Status failure : {Status::Database("syntax"), Status::Aborted("interrupted"), Status::ParseError("x")}) {
      Script s;
      s.outcomes = {failure};
      Result<LoadResult> r = LoadWithRetries(Files({"1.jsonl"}), 60, s.Hooks());
      CHECK(r.status().code() == failure.code());
      CHECK(s.prepared == 0);
    }
  }

  TEST_CASE("a failure of the files themselves is not retried, even when it says unavailable") {
    FileQueue q;
    q.Add("1.jsonl");
    q.Close(Status::Unavailable("export expired while downloading"));
    LoadRetryHooks h;
    int attempts = 0;
    h.attempt = [&](const FileSource& files) -> Result<LoadResult> {
      ++attempts;
      ReadAll(files);
      Result<std::optional<std::string>> end = files();
      return end.status();
    };
    h.prepare = [](const Status&, int) { return Status::Ok(); };
    h.wait = [](const Status&, double) { return true; };
    Result<LoadResult> r = LoadWithRetries(q.Source(), 60, h);
    CHECK(r.status().message() == "export expired while downloading");
    CHECK(attempts == 1);
  }

  TEST_CASE("retries stop at the budget and return the last failure") {
    Script s;
    s.outcomes = std::vector<Status>(10, Status::Unavailable("still down"));
    int retries = -1;
    // 1 + 2 + 4 = 7 s of waiting fit in 10 s; the fourth retry (8 s more) would not.
    Result<LoadResult> r = LoadWithRetries(Files({"1.jsonl"}), 10, s.Hooks(), &retries);
    CHECK(r.status().code() == StatusCode::kUnavailable);
    CHECK(retries == 3);
    CHECK(s.waits == std::vector<double>{1, 2, 4});
    Script none;
    none.outcomes = {Status::Unavailable("down")};
    CHECK(!LoadWithRetries(Files({"1.jsonl"}), 0, none.Hooks(), &retries).ok());
    CHECK(retries == 0);
  }

  TEST_CASE("a reconnect that fails transiently uses up a retry, one that fails otherwise ends the load") {
    Script s;
    s.outcomes = std::vector<Status>(10, Status::Unavailable("down"));
    s.prepare_status = Status::Unavailable("connection refused");
    int retries = 0;
    Result<LoadResult> r = LoadWithRetries(Files({"1.jsonl"}), 10, s.Hooks(), &retries);
    CHECK(r.status().message() == "connection refused");
    CHECK(retries == 3);
    CHECK(s.read.size() == 1);
    Script t;
    t.outcomes = std::vector<Status>(10, Status::Unavailable("down"));
    t.prepare_status = Status::Database("password authentication failed");
    r = LoadWithRetries(Files({"1.jsonl"}), 60, t.Hooks(), &retries);
    CHECK(r.status().message() == "password authentication failed");
    CHECK(retries == 1);
  }

  TEST_CASE("the backoff doubles from 1 s up to 15 s") {
    CHECK(RetryDelaySeconds(1) == 1);
    CHECK(RetryDelaySeconds(4) == 8);
    CHECK(RetryDelaySeconds(5) == 15);
    CHECK(RetryDelaySeconds(40) == 15);
  }
}
