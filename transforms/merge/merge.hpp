#pragma once

#include <string>
#include <vector>

#include "core/record.hpp"

namespace atpipe::transforms {

// One patient's AT record assembled from every source that knows them.
struct MergedPatient {
  core::Record record;                    // merged values; `where` is the winning record's
  std::vector<core::Provenance> origins;  // every contributing record, by precedence
  std::vector<std::string> local_refs;    // "source:local_id" of each contributing record
};

// Groups accepted AT records by NHS number and fills each field from the lowest
// `precedence` source that has a value (ties broken by source name, then row, so the result
// does not depend on pull order). Records must carry valid NHS numbers.
[[nodiscard]] std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records);

}  // namespace atpipe::transforms
