#include "tools/mews-sim/generate_command.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "tools/mews-sim/record_generator.h"

namespace mews::sim {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

Status WriteAll(std::FILE* f, const std::string& data, const std::string& name) {
  if (data.empty()) return Status::Ok();
  if (std::fwrite(data.data(), 1, data.size(), f) != data.size()) {
    return Status::IoError("cannot write " + name + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteLines(std::FILE* f, const GenerateOptions& options, Entity entity,
                  const std::string& name) {
  GeneratorOptions gen;
  gen.seed = options.seed;
  if (!options.reference_counts.empty()) ParseRefCounts(options.reference_counts, &gen.ref_counts);
  gen.anchor_micros = options.anchor_micros != 0 ? options.anchor_micros : DefaultAnchorMicros();
  std::string buffer;
  buffer.reserve(kFlushBytes + 64 * 1024);
  for (uint64_t i = 0; i < options.count; ++i) {
    AppendRecord(entity, i, gen, RecordEdit{}, &buffer);
    buffer.push_back('\n');
    if (buffer.size() >= kFlushBytes) {
      MEWS_RETURN_IF_ERROR(WriteAll(f, buffer, name));
      buffer.clear();
    }
  }
  MEWS_RETURN_IF_ERROR(WriteAll(f, buffer, name));
  if (std::fflush(f) != 0) return Status::IoError("cannot write " + name + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace

Status RunGenerate(const GenerateOptions& options) {
  std::optional<Entity> entity = ParseEntity(options.entity);
  if (!entity) {
    return Status::InvalidArgument("--entity: unknown EntityType '" + options.entity + "'");
  }
  RefCounts counts = DefaultRefCounts();
  std::string error = options.reference_counts.empty() ? "" : ParseRefCounts(options.reference_counts, &counts);
  if (!error.empty()) return Status::InvalidArgument("--reference-counts: " + error);
  if (options.out_path.empty()) return WriteLines(stdout, options, *entity, "stdout");
  std::FILE* f = std::fopen(options.out_path.c_str(), "wb");
  if (f == nullptr) {
    return Status::IoError("cannot open " + options.out_path + ": " + std::strerror(errno));
  }
  Status s = WriteLines(f, options, *entity, options.out_path);
  if (std::fclose(f) != 0 && s.ok()) {
    s = Status::IoError("cannot close " + options.out_path + ": " + std::strerror(errno));
  }
  return s;
}

}  // namespace mews::sim
