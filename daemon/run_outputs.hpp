#pragma once

#include <vector>

#include "config/model.hpp"
#include "core/expected.hpp"
#include "core/query.hpp"
#include "store/run_record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"

namespace atpipe::daemon {

// Everything a finished run writes, gathered so that writing is one step after the work.
struct RunOutputs {
  std::vector<const transforms::MergedPatient*> in_return;
  std::vector<core::TrackedQuery> open_queries;
  std::vector<transforms::Link> links;
  std::vector<const core::Record*> rejected;
  std::vector<const core::Record*> accepted;
};

// Writes the return, the query list (each configured format, and per owner when asked), the
// links file, the reject log and the warnings log, each atomically and 0600, and records
// their paths in `run`.
[[nodiscard]] core::Expected<void> write_run_outputs(const config::Config& cfg,
                                                     const transforms::Period& period,
                                                     const RunOutputs& outputs,
                                                     store::RunRecord& run);

}  // namespace atpipe::daemon
