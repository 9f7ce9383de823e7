#pragma once

#include <string>
#include <vector>

#include "config/model.hpp"
#include "config/source_registry.hpp"
#include "core/record.hpp"
#include "store/run_record.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::daemon {

// Everything one source yielded in one run: its records (accepted and rejected, each with
// findings) and the counts that must add up (pulled = accepted + rejected).
struct SourceYield {
  store::SourceCounts counts;
  std::vector<core::Record> records;
};

// Pull -> map/normalise -> validate for one source. A source that cannot be built or read
// comes back with counts.failed and the error text; it never throws and never yields part of
// a file.
[[nodiscard]] SourceYield run_source(const config::Config& cfg, const config::SourceSpec& spec,
                                     const config::SourceRegistry& registry,
                                     const transforms::RuleContext& rules,
                                     core::SourceState* state = nullptr);

}  // namespace atpipe::daemon
