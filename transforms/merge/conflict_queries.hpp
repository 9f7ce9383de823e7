#pragma once

#include <string>
#include <vector>

#include "transforms/merge/merge.hpp"
#include "transforms/reconcile/query.hpp"

namespace atpipe::transforms {

// The queries that come from the AT sources alone, for the patients in the return (episodes
// of one person adjacent, in admission order, as merge_by_nhs_number leaves them):
// - one SOURCE_CONFLICT per episode and field where AT sources disagree;
// - one DUPLICATE_EPISODE per person with two or more open (undischarged) episodes
//   (AT-R015), about the earliest of them, the one that should have been closed.
// Each is owned by the provider of the record it is about (the commissioner when it names
// none) and carries that record's identifying details.
[[nodiscard]] std::vector<Query> conflict_queries(const std::vector<const MergedPatient*>& patients,
                                                  const std::string& commissioner);

// The DUPLICATE_EPISODE queries alone (conflict_queries includes them).
[[nodiscard]] std::vector<Query> duplicate_episode_queries(
    const std::vector<const MergedPatient*>& patients, const std::string& commissioner);

}  // namespace atpipe::transforms
