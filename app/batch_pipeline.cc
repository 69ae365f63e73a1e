#include "app/batch_pipeline.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "load/record_hash.h"

namespace mews {
namespace {

struct Item {
  std::unique_ptr<RowBatch> batch;  // a batch, or
  std::optional<Reject> reject;     // a reject, or
  bool end = false;                 // the end of the stream, with the producer's final status
  Status status;
};

// A bounded queue between the transform thread and the writing thread.
class ItemQueue {
 public:
  explicit ItemQueue(size_t capacity) : capacity_(capacity) {}

  // Blocks while full; returns false when the reader has gone away.
  bool Push(Item item) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  Item Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    Item item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }
  // The reader stops: pending and future pushes are dropped.
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    items_.clear();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Item> items_;
  size_t capacity_;
  bool closed_ = false;
};

// Runs on the worker thread: pushes batches and rejects, enforces the reject limit.
class QueueConsumer : public BatchConsumer {
 public:
  QueueConsumer(ItemQueue* queue, long long max_rejects) : queue_(queue), max_rejects_(max_rejects) {}

  // The batch's content hashes are computed here, on the transform's thread, which has time to
  // spare, rather than on the writing thread, which is the pipeline's bottleneck.
  Status OnBatch(std::unique_ptr<RowBatch> batch) override {
    AttachRecordHashes(batch.get());
    Item item;
    item.batch = std::move(batch);
    return queue_->Push(std::move(item)) ? Status::Ok() : Status::Aborted("load stopped");
  }
  Status OnReject(const Reject& reject) override {
    if (++rejects_ > max_rejects_) {
      return Status::Aborted(reject.file + ":" + std::to_string(reject.line) + ": " + reject.reason +
                             " (more than --max-rejects " + std::to_string(max_rejects_) +
                             " rejected lines; nothing was loaded)");
    }
    Item item;
    item.reject = reject;
    return queue_->Push(std::move(item)) ? Status::Ok() : Status::Aborted("load stopped");
  }

 private:
  ItemQueue* queue_;
  long long max_rejects_;
  long long rejects_ = 0;
};

Status ProduceAll(const FileSource& files, const EntityMapping& mapping, const PipelineOptions& options,
                  ItemQueue* queue, PipelineStats* stats) {
  QueueConsumer consumer(queue, options.max_rejects);
  while (true) {
    Result<std::optional<std::string>> next = files();
    if (!next.ok()) return next.status();
    if (!next->has_value()) return Status::Ok();
    TransformStats ts;
    Status s = TransformFile(**next, mapping, options.transform, &consumer, &ts);
    stats->files += 1;
    stats->bytes += ts.bytes;
    stats->lines += ts.lines;
    stats->rejects += ts.rejects;
    if (!s.ok()) return s;
  }
}

}  // namespace

Status RunBatchPipeline(const FileSource& files, const EntityMapping& mapping,
                        const PipelineOptions& options, RowWriter* writer, PipelineStats* stats,
                        const std::function<void(const PipelineStats&)>& progress) {
  ItemQueue queue(options.queue_batches);
  PipelineStats produced;  // written by the worker only; read after join
  std::thread worker([&] {
    Item end;
    end.end = true;
    end.status = ProduceAll(files, mapping, options, &queue, &produced);
    queue.Push(std::move(end));
  });
  Status result;
  uint64_t rows = 0;
  while (true) {
    Item item = queue.Pop();
    if (item.end) {
      result = item.status;
      break;
    }
    Status s = item.batch ? writer->WriteBatch(*item.batch) : writer->WriteReject(*item.reject);
    if (s.ok() && options.cancelled()) s = Status::Aborted("interrupted");
    if (!s.ok()) {
      result = s;
      break;
    }
    if (item.batch) {
      rows += item.batch->rows();
      if (progress) {
        PipelineStats now = *stats;
        now.rows += rows;
        progress(now);
      }
    }
  }
  queue.Close();
  worker.join();
  stats->files += produced.files;
  stats->bytes += produced.bytes;
  stats->lines += produced.lines;
  stats->rejects += produced.rejects;
  stats->rows += rows;
  return result;
}

FileSource FixedFiles(std::vector<std::string> paths) {
  auto state = std::make_shared<std::pair<std::vector<std::string>, size_t>>(std::move(paths), 0);
  return [state]() -> Result<std::optional<std::string>> {
    if (state->second >= state->first.size()) return std::optional<std::string>();
    return std::optional<std::string>(state->first[state->second++]);
  };
}

}  // namespace mews
