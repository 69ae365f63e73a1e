#include "app/load_runner.h"

#include "app/clock.h"

namespace mews {
namespace {

// Forwards rows and rejects to the sink, remembering the greatest updated timestamp seen.
class SinkWriter : public RowWriter {
 public:
  SinkWriter(Sink* sink, int updated_column) : sink_(sink), updated_column_(updated_column) {}

  Status WriteBatch(const RowBatch& batch) override {
    if (updated_column_ >= 0) Track(batch.root());
    return sink_->Write(batch);
  }
  Status WriteReject(const Reject& reject) override { return sink_->AddReject(reject); }

  const std::optional<std::string>& max_updated() const { return max_text_; }

 private:
  void Track(const TableRows& rows) {
    for (size_t r = 0; r < rows.size(); ++r) {
      if (rows.is_null(r, updated_column_)) continue;
      std::string text(rows.text(r, updated_column_));
      Result<Micros> t = ParseInstant(text, "updated");
      if (t.ok() && (!max_ || *t > *max_)) {
        max_ = *t;
        max_text_ = text;
      }
    }
  }

  Sink* sink_;
  int updated_column_;
  std::optional<Micros> max_;
  std::optional<std::string> max_text_;
};

}  // namespace

Result<LoadResult> LoadFiles(Sink* sink, const LoadRequest& request) {
  const EntityMapping& mapping = *request.mapping;
  MEWS_RETURN_IF_ERROR(sink->Begin(mapping, request.context));
  SinkWriter writer(sink, request.watermark_from_data_kind ? mapping.updated_column : -1);
  PipelineOptions options;
  options.max_rejects = request.max_rejects;
  options.cancelled = request.cancelled;
  LoadResult result;
  Status s = RunBatchPipeline(request.files, mapping, options, &writer, &result.stats, request.progress);
  if (!s.ok()) {
    Status rolled = sink->Rollback();
    if (!rolled.ok()) return s.WithContext("rollback also failed (" + rolled.message() + ")");
    return s;
  }
  CommitOptions commit = request.commit;
  if (request.watermark_from_data_kind && writer.max_updated()) {
    commit.watermark = Watermark{mapping.entity, *request.watermark_from_data_kind, *writer.max_updated(), "", ""};
  }
  Result<LoadCounts> counts = sink->Commit(commit);
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
