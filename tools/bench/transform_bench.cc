// transform_bench: the programs behind `scripts/bench transform`.
//   transform_bench generate COUNT SEED FILE   writes COUNT OrderItem lines
//   transform_bench floor FILE [WINDOW_BYTES]  bare simdjson iterate_many loop touching every value
//   transform_bench transform FILE [WINDOW_BYTES [BATCH_ROWS]]  TransformFile(OrderItem) with a consumer that drops batches
// Each measuring mode prints one line: mode, bytes, docs, wall and CPU seconds, MB/s, docs/s, peak
// RSS (KiB).
// Run each mode in its own process so that ru_maxrss is its own.
#include <simdjson.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "schemas/registry.h"
#include "tools/bench/order_item_gen.h"
#include "transform/transform.h"

namespace {

namespace od = simdjson::ondemand;
using Clock = std::chrono::steady_clock;


// Reads every value of `v`: strings unescaped, numbers as their text, containers walked.
simdjson::error_code Touch(od::value v, uint64_t* sum) {
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  switch (type) {
    case od::json_type::object: {
      od::object obj;
      SIMDJSON_TRY(v.get_object().get(obj));
      for (auto f : obj) {
        od::field field;
        SIMDJSON_TRY(std::move(f).get(field));
        *sum += static_cast<unsigned char>(field.key().raw()[0]);
        SIMDJSON_TRY(Touch(field.value(), sum));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array arr;
      SIMDJSON_TRY(v.get_array().get(arr));
      for (auto e : arr) {
        od::value element;
        SIMDJSON_TRY(std::move(e).get(element));
        SIMDJSON_TRY(Touch(element, sum));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      SIMDJSON_TRY(v.get_string().get(s));
      *sum += s.size();
      return simdjson::SUCCESS;
    }
    case od::json_type::number:
      *sum += v.raw_json_token().size();
      return simdjson::SUCCESS;
    case od::json_type::boolean: {
      bool b;
      SIMDJSON_TRY(v.get_bool().get(b));
      *sum += b;
      return simdjson::SUCCESS;
    }
    case od::json_type::null:
      *sum += v.is_null();
      return simdjson::SUCCESS;
  }
  return simdjson::SUCCESS;
}

// The floor: same windows as the transform (4 MiB, cut after the last newline), iterate_many,
// every field touched. Returns the number of documents, or -1 on a parse error.
int64_t Floor(const char* path, size_t window, uint64_t* bytes, uint64_t* sum) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return -1;
  std::unique_ptr<char[]> buf(new char[2 * window + simdjson::SIMDJSON_PADDING]());
  od::parser parser;
  size_t carry = 0;
  int64_t docs = 0;
  while (true) {
    const size_t got = std::fread(buf.get() + carry, 1, window, f);
    *bytes += got;
    const size_t size = carry + got;
    const void* nl = memrchr(buf.get(), '\n', size);
    const size_t end = got < window || nl == nullptr
                           ? size : static_cast<size_t>(static_cast<const char*>(nl) - buf.get()) + 1;
    od::document_stream stream;
    if (parser.iterate_many(buf.get(), end, std::min(end, size_t{1} << 20)).get(stream)) return -1;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      od::document_reference doc;
      od::value root;
      if ((*it).get(doc) || doc.get_value().get(root) || Touch(root, sum)) return -1;
      ++docs;
    }
    carry = size - end;
    std::memmove(buf.get(), buf.get() + end, carry);
    if (got < window) break;
  }
  std::fclose(f);
  return docs;
}

class DropConsumer : public mews::BatchConsumer {
 public:
  mews::Status OnBatch(std::unique_ptr<mews::RowBatch> batch) override {
    rows_ += batch->rows();
    return mews::Status::Ok();
  }
  mews::Status OnReject(const mews::Reject& reject) override {
    return mews::Status::ParseError(reject.file + ":" + std::to_string(reject.line) + ": " + reject.reason);
  }
  uint64_t rows_ = 0;
};

int Generate(uint64_t count, uint64_t seed, const char* path) {
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "transform_bench: cannot write %s\n", path);
    return 1;
  }
  for (uint64_t i = 0; i < count; ++i) {
    const std::string line = mews::bench::OrderItemLine(seed, i);
    std::fwrite(line.data(), 1, line.size(), f);
    std::fputc('\n', f);
  }
  return std::fclose(f) == 0 ? 0 : 1;
}

int Report(const char* mode, uint64_t bytes, uint64_t docs, Clock::time_point start) {
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                     (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  std::printf("%s bytes=%llu docs=%llu seconds=%.3f cpu_seconds=%.3f mb_per_s=%.1f docs_per_s=%.0f "
              "maxrss_kib=%ld\n",
              mode, static_cast<unsigned long long>(bytes), static_cast<unsigned long long>(docs), s, cpu,
              bytes / s / 1e6, docs / s, usage.ru_maxrss);
  return 0;
}

int Transform(const char* path, const mews::TransformOptions& options) {
  auto registry = mews::MappingRegistry::FromDocuments(mews::EmbeddedMappingFiles(), false);
  if (!registry.ok()) {
    std::fprintf(stderr, "transform_bench: %s\n", registry.status().message().c_str());
    return 1;
  }
  const mews::EntityMapping* mapping = registry->Find("OrderItem");
  DropConsumer consumer;
  mews::TransformStats stats;
  const auto start = Clock::now();
  mews::Status s = mews::TransformFile(path, *mapping, options, &consumer, &stats);
  if (!s.ok()) {
    std::fprintf(stderr, "transform_bench: %s\n", s.message().c_str());
    return 1;
  }
  return Report("transform", stats.bytes, consumer.rows_, start);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 5) {
    return Generate(std::strtoull(argv[2], nullptr, 10), std::strtoull(argv[3], nullptr, 10), argv[4]);
  }
  if (mode == "floor" && (argc == 3 || argc == 4)) {
    uint64_t bytes = 0, sum = 0;
    const size_t window = argc == 4 ? std::strtoull(argv[3], nullptr, 10) : mews::TransformOptions{}.window_bytes;
    const auto start = Clock::now();
    const int64_t docs = Floor(argv[2], window, &bytes, &sum);
    if (docs < 0) {
      std::fprintf(stderr, "transform_bench: %s: cannot read or parse\n", argv[2]);
      return 1;
    }
    if (sum == 0) std::fprintf(stderr, "transform_bench: nothing touched\n");
    return Report("floor", bytes, static_cast<uint64_t>(docs), start);
  }
  if (mode == "transform" && argc >= 3 && argc <= 5) {
    mews::TransformOptions options;
    if (argc > 3) options.window_bytes = std::strtoull(argv[3], nullptr, 10);
    if (argc > 4) options.batch_rows = std::strtoull(argv[4], nullptr, 10);
    return Transform(argv[2], options);
  }
  std::fprintf(stderr,
               "usage: transform_bench generate COUNT SEED FILE | floor FILE | transform FILE\n");
  return 2;
}
