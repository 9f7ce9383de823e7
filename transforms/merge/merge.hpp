#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/record.hpp"

namespace atpipe::transforms {

// Two AT sources holding different values for one field of one patient. The returned value
// is the winner's; the other is kept so a person can decide which source to correct.
struct SourceConflict {
  core::Field field = core::Field::LocalId;
  std::size_t winner = 0;  // index into MergedPatient::origins
  std::size_t other = 0;
  std::string winner_value;
  std::string other_value;
};

// One patient's AT record assembled from every source that knows them.
struct MergedPatient {
  core::Record record;                    // merged values; `where` is the winning record's
  std::vector<core::Provenance> origins;  // every contributing record, by precedence
  std::vector<std::string> local_refs;    // "source:local_id" of each contributing record
  // For each field, the index in `origins` of the record its value came from, or kNone.
  std::array<std::size_t, core::kFieldCount> field_origin{};
  std::vector<SourceConflict> conflicts;

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  // Where the value of `f` came from; the winning record's provenance when it has none.
  [[nodiscard]] const core::Provenance& origin_of(core::Field f) const;
};

// Groups accepted AT records by NHS number and fills each field from the lowest
// `precedence` source that has a value (ties broken by source name, then row, so the result
// does not depend on pull order). A differing value from another source is kept as a
// SourceConflict (names compared ignoring case; local ids never conflict). Records must carry
// valid NHS numbers.
[[nodiscard]] std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records);

}  // namespace atpipe::transforms
