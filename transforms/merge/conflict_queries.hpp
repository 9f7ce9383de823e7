#pragma once

#include <string>
#include <vector>

#include "transforms/merge/merge.hpp"
#include "transforms/reconcile/query.hpp"

namespace atpipe::transforms {

// One SOURCE_CONFLICT query per patient and field where AT sources disagree, owned by the
// provider of the returned record (or the commissioner when it has none).
[[nodiscard]] std::vector<Query> conflict_queries(const std::vector<const MergedPatient*>& patients,
                                                  const std::string& commissioner);

}  // namespace atpipe::transforms
