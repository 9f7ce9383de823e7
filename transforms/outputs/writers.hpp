#pragma once

#include <string>
#include <vector>

#include "core/record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/query.hpp"

namespace atpipe::transforms {

// The AT return: one row per patient in the period, columns in core::Field order under
// their national names, dates ISO, CRLF line ends (the CAP upload convention, at-spec §1.2).
[[nodiscard]] std::string render_return(const std::vector<const MergedPatient*>& patients,
                                        const Period& period);

// The query list: one row per query, with the period it is about.
[[nodiscard]] std::string render_queries(const std::vector<Query>& queries, const Period& period);

// One row per finding of the given severity on each record (the reject log uses errors of
// rejected records; the warnings log the warnings of accepted ones).
[[nodiscard]] std::string render_findings(const std::vector<const core::Record*>& records,
                                          core::Severity severity);

}  // namespace atpipe::transforms
