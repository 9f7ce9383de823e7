#pragma once

#include <string>
#include <vector>

#include "core/query.hpp"
#include "core/record.hpp"
#include "transforms/merge/merge.hpp"

namespace atpipe::transforms {

// The records a run's queries can be about, to look a query's refs up in.
struct QueryRecords {
  const std::vector<const MergedPatient*>& at;             // the AT patients in the return
  const std::vector<const core::Record*>& at_without_nhs;  // AT records linked without one
  const std::vector<core::Record>& census;
};

// Makes each query of a run usable by its owner, whichever reconciler raised it: the
// identifying details of the AT record it is about (the census record when it has no AT
// side), and the action of refs.hpp addressed to the owner's own system. A query that
// already carries a subject keeps it. Pure.
void complete_queries(std::vector<core::Query>& queries, const QueryRecords& records,
                      const std::string& commissioner);

// The state store keeps a query's id, values and history but not its subject: each open
// query takes the subject of the query of the same id raised by this run (one left open
// from an earlier run without being raised again keeps an empty subject).
void attach_subjects(std::vector<core::TrackedQuery>& open, const std::vector<core::Query>& raised);

}  // namespace atpipe::transforms
