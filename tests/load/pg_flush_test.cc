// PostgreSQL sends each chunk of COPY text while the load goes on (pg_flush.cc): a chunk the server
// refuses must still fail the load with one line, whichever batch or the commit learns of it, and
// leave the tables as they were; the sink stays usable.
#include <doctest/doctest.h>

#include "tests/load/load_helpers.h"

namespace mews::test {
namespace {

size_t FirstTimestampColumn(const EntityMapping& m) {
  for (size_t i = 0; i < m.root.columns.size(); ++i) {
    if (m.root.columns[i].type == ColumnType::kTimestamp && static_cast<int>(i) != m.updated_column) return i;
  }
  FAIL("no timestamp column in " << m.root.name);
  return 0;
}

// Writes `batches` in one load; returns the first failure of a Write or of the Commit, and in
// `failed_at` which: the batch's index, or batches.size() for the Commit.
Status LoadAll(Sink* sink, const EntityMapping& m, const std::vector<const RowBatch*>& batches, size_t* failed_at) {
  std::unique_ptr<Load> load = MustBegin(sink, m);
  Status s;
  for (*failed_at = 0; *failed_at < batches.size(); ++*failed_at) {
    s = load->Write(*batches[*failed_at]);
    if (!s.ok()) break;
  }
  if (s.ok()) s = load->Commit({}).status();
  if (!s.ok()) (void)load->Rollback();
  return s;
}

}  // namespace

TEST_SUITE("load.contract") {

TEST_CASE("PostgreSQL: a COPY chunk the server refuses, sent while the load goes on, fails it with one line and "
          "changes nothing") {
  for (const Target& target : AllTargets("pg_flush_refused")) {
    if (!target.pg()) continue;
    const EntityMapping& m = Mapping("OrderItem");
    auto sink = MustOpen(target);
    MustMigrate(sink.get(), {&m});
    auto stored = MakeBatch(m, 0, 20);
    MustLoad(sink.get(), m, {stored.get()});
    auto db = Inspect(target);
    const std::string before = db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal");
    // The refused value is in the first chunk (several MiB); the batches after it fill more chunks,
    // so the load learns of the refusal from a later batch's flush, not from the commit. Then the
    // same with the refused value in the last chunk, which only the commit's flush sends.
    auto bad = MakeBatch(m, 100, 10);
    bad->root().SetText(FirstTimestampColumn(m), "2024-02-30T00:00:00Z");
    std::vector<std::unique_ptr<RowBatch>> more;
    for (int i = 0; i < 6; ++i) more.push_back(MakeBatch(m, 1000 + 5000 * static_cast<uint64_t>(i), 5000));
    std::vector<const RowBatch*> early = {bad.get()}, late;
    for (auto& b : more) {
      early.push_back(b.get());
      late.push_back(b.get());
    }
    late.push_back(bad.get());
    for (const auto& batches : {early, late}) {
      size_t failed_at = 0;
      Status s = LoadAll(sink.get(), m, batches, &failed_at);
      CHECK(failed_at == (batches == early ? 2 : batches.size()));  // the flush after the first chunk's
      CHECK(s.code() == StatusCode::kDatabase);
      CHECK(s.message().find("22008") != std::string::npos);  // datetime_field_overflow
      CHECK(s.message().find('\n') == std::string::npos);
      CHECK(db->Dump("order_items", "id") + db->Dump(m.children[0].name, "parent_id, ordinal") == before);
    }
    LoadCounts after = MustLoad(sink.get(), m, {stored.get()});  // the sink is usable afterwards
    CHECK(after.root().unchanged == 20);
  }
}

}  // TEST_SUITE

}  // namespace mews::test
