#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/record.hpp"

namespace atpipe::transforms {

// Two AT sources holding different values for one field of one episode. The returned value
// is the winner's; the other is kept so a person can decide which source to correct.
struct SourceConflict {
  core::Field field = core::Field::LocalId;
  std::size_t winner = 0;  // index into MergedPatient::origins
  std::size_t other = 0;
  std::string winner_value;
  std::string other_value;
};

// One AT record (one hospital episode of one patient) assembled from every source that knows
// it. A person with several episodes (a transfer, a readmission) has one MergedPatient each.
struct MergedPatient {
  core::Record record;                    // merged values; `where` is the winning record's
  std::vector<core::Provenance> origins;  // every contributing record, by precedence
  std::vector<std::string> local_refs;    // "source:local_id" of each contributing record
  // For each field, the index in `origins` of the record its value came from, or kNone. An
  // episode has at most one record per source, so a byte holds the index.
  std::array<std::uint8_t, core::kFieldCount> field_origin{};
  std::vector<SourceConflict> conflicts;
  // Episodes of one person are adjacent in merge output, in admission order: `person` numbers
  // the people, `episode` the episodes within a person (0 = earliest).
  std::size_t person = 0;
  std::size_t episode = 0;

  static constexpr std::uint8_t kNone = 0xFF;
  // Where the value of `f` came from; the winning record's provenance when it has none.
  [[nodiscard]] const core::Provenance& origin_of(core::Field f) const;
};

// Per-field source order (config `merge: precedence:`): for a listed field the named sources
// are asked first, in list order, then the others by their own `precedence`.
struct MergeOptions {
  std::map<core::Field, std::vector<std::string>> field_precedence;
};

// Groups accepted AT records by NHS number, then into episodes, and fills each field.
//
// Episodes: records are taken in source precedence order (ties by source name, then row, so
// the result does not depend on pull order). A record joins an episode of the same person
// that no record of its own source is in yet and whose admission-discharge interval overlaps
// its own (a missing date overlaps anything); an open record prefers the open episode, else
// the closest admission date wins. Otherwise it starts a new episode: a source that sends
// two records of one person sends two episodes.
//
// Fields: from the first record (in the field's source order) that has a value. A differing
// value from another record of the episode is kept as a SourceConflict (names compared
// ignoring case; local ids never conflict). Records must carry valid NHS numbers.
[[nodiscard]] std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records,
                                                             const MergeOptions& options = {});

}  // namespace atpipe::transforms
