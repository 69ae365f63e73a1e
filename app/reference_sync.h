// The reference step of `sync`: every selected reference type (services, accounting categories,
// rates, ...) read whole through its */getAll operation and loaded as a full snapshot in one
// transaction per type (rows it no longer has get _deleted_at; returning rows are un-marked). No
// watermarks. Types are read in AllReferenceTypes() order, so the ids a call needs (ServiceIds,
// ResourceCategoryIds) come from a type read before it; a type that is needed only for its ids or
// for the enterprise's default language is read but not loaded.
#pragma once

#include <string>
#include <vector>

#include "app/options.h"
#include "app/summary.h"
#include "extract/exporter.h"
#include "schemas/registry.h"

namespace mews {

// Loads `entities` (reference types; empty: all of them). Appends one summary entry per loaded
// type and returns the first failure (the other types still load), else OK.
Status RunReferenceSync(const Options& options, const MappingRegistry& registry,
                        const ExporterOptions& exporter, const std::vector<std::string>& entities,
                        std::vector<EntitySummary>* summary);

// One connection's sync: the exported types first, then the reference types (as Mews advises:
// every id a fact carries then has its row when the run ends). --entity may name both kinds;
// --no-reference and --reference-only pick one. Returns the first failure, else OK.
Status RunFactsAndReference(const Options& options, const MappingRegistry& registry,
                            const ExporterOptions& exporter, std::vector<EntitySummary>* summary);

// The reference types of `requested` plus those they need (ids, default language), in load
// order; `loaded` says which of them were requested. Exposed for tests.
std::vector<const EntityMapping*> ReferencePlan(const MappingRegistry& registry,
                                                const std::vector<std::string>& requested,
                                                std::vector<bool>* loaded);

}  // namespace mews
