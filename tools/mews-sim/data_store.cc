#include "tools/mews-sim/data_store.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "tools/mews-sim/ref_data.h"

namespace mews::sim {
namespace {

bool Passes(const RecordInfo& info, const ExportFilter& f) {
  if (f.updated_start && f.updated_end) {
    if (*f.updated_start == *f.updated_end) {
      if (info.updated_micros != *f.updated_start) return false;
    } else if (info.updated_micros < *f.updated_start || info.updated_micros >= *f.updated_end) {
      return false;
    }
  }
  if (f.posting_first && info.posting_day < *f.posting_first) return false;
  if (f.posting_last && info.posting_day > *f.posting_last) return false;
  if (!f.scopes.empty() && (info.scope_index >= f.scopes.size() || !f.scopes[info.scope_index])) {
    return false;
  }
  return true;
}

// Writes records [first, last) that pass the filter to `path`; returns the bytes written.
Result<uint64_t> WriteRange(Entity entity, const EntityState& data, const GeneratorOptions& gen,
                            const ExportFilter& filter, uint64_t first, uint64_t last,
                            const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  std::string buffer;
  uint64_t total = 0;
  bool ok = true;
  static const RecordEdit kNoEdit;
  for (uint64_t i = first; i < last && ok; ++i) {
    if (data.deleted.count(i) != 0) continue;
    auto edit = data.edits.find(i);
    size_t mark = buffer.size();
    RecordInfo info = AppendRecord(entity, i, gen, edit == data.edits.end() ? kNoEdit : edit->second,
                                   &buffer);
    if (!Passes(info, filter)) {
      buffer.resize(mark);
      continue;
    }
    buffer.push_back('\n');
    if (buffer.size() >= (1u << 20) || i + 1 == last) {
      ok = std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
      total += buffer.size();
      buffer.clear();
    }
  }
  if (ok && !buffer.empty()) {
    ok = std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
    total += buffer.size();
  }
  if (std::fclose(f) != 0) ok = false;
  if (!ok) return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  return total;
}

// `current` with `m` applied, or kInvalidArgument naming the index and `type`.
Result<std::shared_ptr<const EntityState>> Mutated(const EntityState& current, const Mutation& m,
                                                   const std::string& type) {
  auto next = std::make_shared<EntityState>(current);
  if (m.count) next->count = *m.count;
  for (const std::vector<uint64_t>* list : {&m.update, &m.remove, &m.restore}) {
    for (uint64_t index : *list) {
      if (index >= next->count) {
        return Status::InvalidArgument("record index " + std::to_string(index) + " of " + type +
                                       " is not below the count " + std::to_string(next->count));
      }
    }
  }
  for (uint64_t index : m.update) {
    RecordEdit& edit = next->edits[index];
    edit.revision += 1;
    edit.updated_micros = m.updated_micros;
  }
  for (uint64_t index : m.remove) next->deleted.insert(index);
  for (uint64_t index : m.restore) next->deleted.erase(index);
  return std::shared_ptr<const EntityState>(std::move(next));
}

}  // namespace

DataStore::DataStore(GeneratorOptions generator, const std::array<uint64_t, kEntityCount>& counts)
    : generator_(generator) {
  for (size_t i = 0; i < kEntityCount; ++i) {
    auto state = std::make_shared<EntityState>();
    state->count = counts[i];
    states_[i] = std::move(state);
  }
  for (size_t i = 0; i < kRefTypeCount; ++i) {
    auto state = std::make_shared<EntityState>();
    RefType t = static_cast<RefType>(i);
    state->count = t == RefType::kEnterprise ? EnterpriseCount(generator)
                   : t == RefType::kResourceCategoryAssignment
                       ? generator.ref_counts[static_cast<size_t>(RefType::kResource)]
                       : generator.ref_counts[i];
    ref_states_[i] = std::move(state);
  }
}

std::shared_ptr<const EntityState> DataStore::RefSnapshot(RefType t) const {
  std::lock_guard<std::mutex> lock(mu_);
  return ref_states_[static_cast<size_t>(t)];
}

Status DataStore::ApplyRef(RefType t, const Mutation& m) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::shared_ptr<const EntityState>> next = Mutated(*ref_states_[static_cast<size_t>(t)], m, RefTypeName(t));
  if (!next.ok()) return next.status();
  ref_states_[static_cast<size_t>(t)] = std::move(next.value());
  return Status::Ok();
}

std::shared_ptr<const EntityState> DataStore::Snapshot(Entity e) const {
  std::lock_guard<std::mutex> lock(mu_);
  return states_[static_cast<size_t>(e)];
}

Status DataStore::Apply(Entity e, const Mutation& m) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::shared_ptr<const EntityState>> next = Mutated(*states_[static_cast<size_t>(e)], m, EntityName(e));
  if (!next.ok()) return next.status();
  states_[static_cast<size_t>(e)] = std::move(next.value());
  return Status::Ok();
}

Result<std::vector<ExportFile>> WriteExportFiles(Entity entity, const EntityState& data,
                                                 const GeneratorOptions& generator,
                                                 const ExportFilter& filter,
                                                 const std::string& export_id,
                                                 const std::string& dir, int max_files) {
  const uint64_t parts = std::max<uint64_t>(1, std::min<uint64_t>(static_cast<uint64_t>(std::max(max_files, 1)),
                                                                     data.count));
  std::vector<std::string> paths(parts);
  std::vector<Result<uint64_t>> sizes(parts, Result<uint64_t>(uint64_t{0}));
  // Parts are independent, so they are written side by side, as Mews prepares an export's files.
  std::atomic<uint64_t> next{0};
  auto work = [&] {
    for (uint64_t part = next++; part < parts; part = next++) {
      paths[part] = dir + "/" + export_id + ".part" + std::to_string(part);
      sizes[part] = WriteRange(entity, data, generator, filter, data.count * part / parts,
                               data.count * (part + 1) / parts, paths[part]);
    }
  };
  const uint64_t threads = std::min<uint64_t>(parts, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (uint64_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  // Leaves nothing behind: the parts, and the files already named.
  auto remove_all = [&](const std::vector<ExportFile>& named) {
    for (const std::string& p : paths) std::remove(p.c_str());
    for (const ExportFile& f : named) std::remove(f.path.c_str());
  };
  for (const Result<uint64_t>& size : sizes) {
    if (!size.ok()) {
      remove_all({});
      return size.status();
    }
  }
  std::vector<ExportFile> files;
  for (uint64_t part = 0; part < parts; ++part) {
    if (*sizes[part] == 0) {
      std::remove(paths[part].c_str());
      continue;
    }
    ExportFile file;
    file.name = export_id + "-" + std::to_string(files.size() + 1) + ".jsonl";
    file.path = dir + "/" + file.name;
    file.size = *sizes[part];
    if (std::rename(paths[part].c_str(), file.path.c_str()) != 0) {
      Status failed = Status::IoError("cannot rename " + paths[part] + ": " + std::strerror(errno));
      remove_all(files);
      return failed;
    }
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace mews::sim
