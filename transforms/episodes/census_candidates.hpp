#pragma once

#include <vector>

#include "core/record.hpp"
#include "transforms/merge/merge.hpp"

namespace atpipe::transforms {

// Which AT episodes a ward census is expected to list, and which rejected AT rows may still be
// looked for on it. AT knowledge the run sequence asks about, kept beside the rules it names.

// Adds `p` (an episode in hospital at the cut, accepted) to the episodes checked against the
// census. Someone on extended S17 leave is not on a ward, so no ward census lists them. A
// person with two open episodes (AT-R015) is on one ward: the census is checked against the
// latest episode, so `p` replaces an earlier episode of the same person (merge output keeps a
// person's episodes adjacent, in admission order).
void add_census_candidate(std::vector<const MergedPatient*>& at_cut, const MergedPatient& p);

}  // namespace atpipe::transforms
