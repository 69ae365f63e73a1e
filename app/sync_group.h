// `sync --config FILE`: every connection of a hotel group's config file (or those named with
// --connection), --jobs at a time, each with its own credentials, sinks, export journal and API
// retry and rate-limit budget, so a connection that fails does not stop the others.
#pragma once

#include <vector>

#include "app/options.h"
#include "app/summary.h"
#include "schemas/registry.h"

namespace mews {

// InvalidArgument for a bad config file or an unknown --connection name (nothing ran); otherwise OK
// when every connection succeeded, else a failure naming the connections that failed. `summary`
// gets every connection's entries, in the config file's order.
Status RunSyncGroup(const Options& options, const MappingRegistry& registry, std::vector<EntitySummary>* summary);

}  // namespace mews
