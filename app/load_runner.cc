#include "app/load_runner.h"

#include "core/time.h"

namespace mews {
namespace {

// Forwards rows and rejects to the load, remembering the greatest updated timestamp seen.
class LoadWriter : public RowWriter {
 public:
  LoadWriter(Load* load, int updated_column) : load_(load), updated_column_(updated_column) {}

  Status WriteBatch(const RowBatch& batch) override {
    if (updated_column_ >= 0) Track(batch.root());
    return load_->Write(batch);
  }
  Status WriteReject(const Reject& reject) override { return load_->AddReject(reject); }

  const std::optional<std::string>& max_updated() const { return max_text_; }

 private:
  void Track(const TableRows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      if (rows.is_null(r, updated_column_)) continue;
      std::string text(rows.text(r, updated_column_));
      std::optional<Micros> t = ParseTimestamp(text);
      if (t && (!max_ || *t > *max_)) {
        max_ = *t;
        max_text_ = text;
      }
    }
  }

  Load* load_;
  int updated_column_;
  std::optional<Micros> max_;
  std::optional<std::string> max_text_;
};

}  // namespace

Result<LoadResult> LoadFiles(Loader* loader, const LoadRequest& request) {
  const EntityMapping& mapping = *request.mapping;
  Result<std::unique_ptr<Load>> load = loader->Begin(mapping, request.context);
  if (!load.ok()) return load.status();
  LoadWriter writer(load->get(), request.watermark_from_data_kind ? mapping.updated_column : -1);
  PipelineOptions options;
  options.max_rejects = request.max_rejects;
  options.cancelled = request.cancelled;
  LoadResult result;
  Status s = RunBatchPipeline(request.files, mapping, options, &writer, &result.stats, request.progress);
  if (!s.ok()) {
    Status rolled = (*load)->Rollback();
    if (!rolled.ok()) return s.WithContext("rollback also failed (" + rolled.message() + ")");
    return s;
  }
  CommitOptions commit = request.commit;
  if (request.watermark_from_data_kind && writer.max_updated()) {
    commit.watermark = Watermark{mapping.entity, *request.watermark_from_data_kind, *writer.max_updated(), "", ""};
  }
  Result<LoadCounts> counts = (*load)->Commit(commit);
  if (!counts.ok()) return counts.status();
  result.counts = std::move(counts.value());
  return result;
}

std::string FormatCounts(const LoadCounts& counts) {
  std::string out;
  for (const TableCounts& t : counts.tables) {
    out += t.table + ": " + std::to_string(t.inserted) + " inserted, " + std::to_string(t.updated) +
           " updated, " + std::to_string(t.unchanged) + " unchanged";
    if (t.deleted > 0) out += ", " + std::to_string(t.deleted) + " marked deleted";
    out += "\n";
  }
  if (counts.rejected > 0) out += std::to_string(counts.rejected) + " rejected lines kept in etl_rejects\n";
  return out;
}

}  // namespace mews
