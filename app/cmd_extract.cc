// mews-etl extract: create or resume a (full) export of one EntityType, wait, download, print paths.
#include <cstdio>

#include "app/command_impl.h"
#include "app/connection_guard.h"
#include "app/extract_setup.h"

namespace mews {

Status RunExtract(const Options& options, const MappingRegistry& registry) {
  const EntityMapping* mapping = registry.Find(options.entities.front());
  Result<ExporterOptions> exporter_options = ExporterOptionsFromEnv(options);
  if (!exporter_options.ok()) return exporter_options.status();
  Result<std::unique_ptr<Sink>> sink = OpenTarget(options);  // the export journal lives here
  if (!sink.ok()) return sink.status();
  Result<std::vector<std::string>> migrated = (*sink)->Migrate({});
  if (!migrated.ok()) return migrated.status();
  MEWS_RETURN_IF_ERROR(CheckConnection(sink->get(), *exporter_options, options.rebind, options.connection));

  ExportJob job;
  job.request.entity = mapping->entity;
  if (!options.posting_from.empty()) {
    job.request.filters.posting = DateWindow{options.posting_from,
                                             options.posting_to.empty() ? options.posting_from : options.posting_to};
  }
  job.full = !job.request.filters.posting.has_value();
  job.work_dir = options.out_dir;
  Exporter exporter(*exporter_options, sink->get(), ExtractLogToSpdlog());
  Result<ExtractedExport> done = exporter.Run(job);
  if (!done.ok()) return done.status();
  MEWS_RETURN_IF_ERROR(RecordConnection(sink->get(), *exporter_options, options.rebind, options.connection));
  for (const std::string& path : done->files) std::printf("%s\n", path.c_str());
  return Status::Ok();
}

}  // namespace mews
