// The batch pipeline attaches each batch's content hashes on the transform's thread: the writer
// receives them, one per root row, equal to what a sink would compute itself.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "app/batch_pipeline.h"
#include "load/common.h"
#include "load/record_hash.h"
#include "schemas/registry.h"

namespace mews {
namespace {

const std::string kFixtures = std::string(MEWS_SOURCE_DIR) + "/tests/fixtures/";

class HashCheckingWriter : public RowWriter {
 public:
  Status WriteBatch(const RowBatch& batch) override {
    std::vector<std::vector<size_t>> starts;
    MEWS_RETURN_IF_ERROR(ChildRowStarts(batch, &starts));
    attached.insert(attached.end(), batch.hashes.begin(), batch.hashes.end());
    const std::vector<int64_t> own = RecordHashes(batch, starts);
    computed.insert(computed.end(), own.begin(), own.end());
    std::vector<int64_t> scratch;
    if (&BatchHashes(batch, starts, &scratch) != &batch.hashes) sink_would_compute = true;
    rows += batch.rows();
    return Status::Ok();
  }
  Status WriteReject(const Reject&) override { return Status::Ok(); }

  std::vector<int64_t> attached, computed;
  size_t rows = 0;
  bool sink_would_compute = false;
};

TEST_CASE("the pipeline hands the writer batches whose content hashes are attached and exact") {
  Result<MappingRegistry> registry = MappingRegistry::Builtin();
  REQUIRE(registry.ok());
  const EntityMapping* m = registry->Find("OrderItem");
  REQUIRE(m != nullptr);
  HashCheckingWriter writer;
  PipelineStats stats;
  PipelineOptions options;
  options.transform.batch_rows = 1;  // every record its own batch: no hash may come from another
  const std::string file = kFixtures + "order_items.jsonl";
  REQUIRE(RunBatchPipeline(FixedFiles({file, file}), *m, options, &writer, &stats).ok());
  REQUIRE(writer.rows > 2);
  CHECK(writer.attached == writer.computed);
  CHECK_FALSE(writer.sink_would_compute);
  // The fixture's records differ, so their hashes do too (each file once).
  const size_t half = writer.rows / 2;
  for (size_t i = 1; i < half; ++i) CHECK(writer.computed[i] != writer.computed[i - 1]);
}

TEST_CASE("hashes attached for another number of rows are not used, and Clear drops them") {
  Result<MappingRegistry> registry = MappingRegistry::Builtin();
  REQUIRE(registry.ok());
  RowBatch batch(registry->Find("Company"));
  std::vector<std::vector<size_t>> starts;
  REQUIRE(ChildRowStarts(batch, &starts).ok());
  std::vector<int64_t> computed;
  CHECK(BatchHashes(batch, starts, &computed).empty());
  batch.hashes = {42};  // attached for one row, but the batch has none: not used
  CHECK(&BatchHashes(batch, starts, &computed) == &computed);
  batch.Clear();
  CHECK(batch.hashes.empty());
}

}  // namespace
}  // namespace mews
