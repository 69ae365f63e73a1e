#include "app/commands.h"

#include <cstdio>

#include "schemas/registry.h"

namespace mews {

int ExitCodeFor(const Status& status) {
  if (status.ok()) return 0;
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

int RunCommand(const Options& options) {
  Result<MappingRegistry> registry = MappingRegistry::Builtin();
  if (!registry.ok()) {
    std::fprintf(stderr, "mews-etl: bad built-in mapping: %s\n", registry.status().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "mews-etl: '%s' is not implemented yet\n", options.command.c_str());
  return 1;
}

}  // namespace mews
