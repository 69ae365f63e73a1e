// Helpers for the transform tests: a consumer that keeps everything, files written from strings,
// and a printable rendering of the rows so that two runs can be compared exactly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "schemas/registry.h"
#include "transform/transform.h"

namespace mews::test {

class CollectingConsumer : public BatchConsumer {
 public:
  Status OnBatch(std::unique_ptr<RowBatch> batch) override {
    batches.push_back(std::move(batch));
    return Status::Ok();
  }
  Status OnReject(const Reject& reject) override {
    rejects.push_back(reject);
    return Status::Ok();
  }

  std::vector<std::unique_ptr<RowBatch>> batches;
  std::vector<Reject> rejects;
};

// Everything one TransformFile call produced.
struct RunResult {
  Status status;
  TransformStats stats;
  CollectingConsumer out;
};

// Writes `content` to a fresh file under the build tree and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& content);

// The uuid of test record `i`: 00000000-0000-4000-8000-<i in 12 digits>.
std::string RecordUuid(int i);

std::unique_ptr<RunResult> RunTransform(const std::string& path, const EntityMapping& mapping,
                                        const TransformOptions& options = {});

// A small mapping using every column type, a nested object, an alias and a child table.
const EntityMapping& TestMapping();

// "table[row] line=N col=value ..." for every row of every batch, tables in mapping order; NULL as
// NULL, integers and booleans bare, text quoted. Then "reject line=N reason | raw" per reject.
std::vector<std::string> Render(const RunResult& run);

// The text of cell (row, column name) of the root table over all batches, or "NULL".
std::string RootValue(const RunResult& run, size_t row, const std::string& column);

}  // namespace mews::test
