#pragma once

#include <vector>

#include "config/model.hpp"
#include "core/expected.hpp"
#include "core/query.hpp"
#include "store/run_record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/finding_log.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"

namespace atpipe::daemon {

// Everything a finished run writes, gathered so that writing is one step after the work.
struct RunOutputs {
  std::vector<const transforms::MergedPatient*> in_return;
  std::vector<core::TrackedQuery> open_queries;
  std::vector<transforms::Link> links;
  std::vector<const core::Record*> rejected;
  // The warnings log's rows: source rows', then patient-level findings.
  std::vector<const transforms::FindingLog*> warnings;
  // False when a source failed: the set is written for inspection but never published over a
  // complete set of the same period.
  bool complete = true;
};

// Writes the return, the query list (each configured format, and per owner when asked), the
// links file, the reject log, the warnings log and the summary as one output set
// (transforms/outputs/output_set.hpp): all in a fresh private folder with a MANIFEST, then
// published by switching `<outputs.directory>/<period>` to it. Records in `run` the paths a
// user opens: the stable names in outputs.directory when the set was published, the set's
// own folder when it was not.
[[nodiscard]] core::Expected<void> write_run_outputs(const config::Config& cfg,
                                                     const transforms::Period& period,
                                                     const RunOutputs& outputs,
                                                     store::RunRecord& run);

}  // namespace atpipe::daemon
