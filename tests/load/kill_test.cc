// A load killed with SIGKILL at any moment leaves the tables exactly as they were (docs/loading.md):
// a forked child loads a large batch stream and is killed while it runs.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

// The child: loads v2 of the existing rows plus many new ones (with `descending`, batches in
// descending id order, so that a load into empty tables stages child rows), reporting on `ready`
// after the third batch is written; never returns.
[[noreturn]] void LoadUntilKilled(const Target& target, const EntityMapping& m, int ready, bool descending) {
  Result<std::unique_ptr<Sink>> sink = OpenSink(target.url, target.options);
  if (!sink.ok()) _exit(3);
  Result<std::unique_ptr<Load>> load = (*sink)->Begin(m, LoadContext{});
  if (!load.ok()) _exit(3);
  for (uint64_t b = 0; b < 1000; ++b) {
    auto batch = MakeBatch(m, (descending ? 999 - b : b) * 2000, 2000, GenOptions{2, false, 2});
    if (!(*load)->Write(*batch).ok()) _exit(4);
    if (b == 2 && write(ready, "x", 1) != 1) _exit(5);
  }
  (void)(*load)->Commit({});
  _exit(0);
}

// Forks a child running LoadUntilKilled, waits until it has written three batches, kills it with
// SIGKILL and reaps it.
void KillLoadMidway(const Target& target, const EntityMapping& m, bool descending) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    LoadUntilKilled(target, m, fds[1], descending);
  }
  close(fds[1]);
  char byte = 0;
  CHECK(read(fds[0], &byte, 1) == 1);  // three batches written, the load is in full swing
  close(fds[0]);
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
}

}  // namespace

TEST_SUITE("load.contract") {

TEST_CASE("a load killed with SIGKILL in the middle leaves every table exactly as it was") {
  for (const Target& target : ContractTargets("sigkill")) {
    INFO(std::string(Label(target)));
    const EntityMapping& m = Mapping("OrderItem");
    {
      auto sink = MustOpen(target);
      MustMigrate(sink.get(), {&m});
      auto rows = MakeBatch(m, 0, 500);
      MustLoad(sink.get(), m, {rows.get()});
    }
    auto db = Inspect(target);
    const std::string before = db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal");
    KillLoadMidway(target, m, /*descending=*/false);
    CHECK(db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal") == before);
    auto sink = MustOpen(target);  // the database is usable: the next load sees the old rows
    auto rows = MakeBatch(m, 0, 500);
    CHECK(MustLoad(sink.get(), m, {rows.get()}).root().unchanged == 500);
  }
}

TEST_CASE("a load into empty tables killed with SIGKILL while it stages rows leaves them empty") {
  for (const Target& target : AllTargets("sigkill_empty")) {
    INFO(std::string(Label(target)));
    const EntityMapping& m = Mapping("OrderItem");
    {
      auto sink = MustOpen(target);
      MustMigrate(sink.get(), {&m});
    }
    KillLoadMidway(target, m, /*descending=*/true);
    auto db = Inspect(target);
    CHECK(db->Value("SELECT count(*) FROM order_items") == "0");
    CHECK(db->Value("SELECT count(*) FROM " + m.children[0].name) == "0");
    auto sink = MustOpen(target);
    auto low = MakeBatch(m, 0, 50), high = MakeBatch(m, 100, 50);
    LoadCounts c = MustLoad(sink.get(), m, {high.get(), low.get()});
    CHECK(c.root().inserted == 100);
    CHECK(c.tables[1].inserted == 200);
  }
}

}  // TEST_SUITE
}  // namespace mews::test
