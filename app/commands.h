// The sub-commands of mews-etl. Each returns the process exit code of the contract:
// 0 success, 2 usage or configuration error, 1 any other failure (after one clear error line).
#pragma once

#include "app/options.h"
#include "core/status.h"

namespace mews {

int RunCommand(const Options& options);

// The exit code for a failed Status: 2 for configuration errors, 1 otherwise.
int ExitCodeFor(const Status& status);

}  // namespace mews
