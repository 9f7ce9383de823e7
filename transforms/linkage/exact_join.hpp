#pragma once

#include <cstdint>
#include <vector>

#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

struct ExactPair {
  std::uint32_t at = 0;
  std::uint32_t census = 0;
  bool duplicate = false;  // the number occurs more than once on at least one side
};

// The first step of linkage: pairs on an equal valid NHS number (at-spec §4.3, BOTH).
// Records without one, or whose number is not on the other side, are `*_rest` and go on to
// probabilistic linkage. Where a number repeats on a side, records are paired in input order
// and the extra ones are `*_duplicates`: left unmatched, since their number already has a
// partner and a person has to say which row is right.
struct ExactJoin {
  std::vector<ExactPair> pairs;  // ascending AT index
  std::vector<std::uint32_t> at_rest;
  std::vector<std::uint32_t> census_rest;
  std::vector<std::uint32_t> at_duplicates;
  std::vector<std::uint32_t> census_duplicates;
};

[[nodiscard]] ExactJoin exact_join(const LinkSide& at, const LinkSide& census, unsigned threads);

}  // namespace atpipe::transforms::linkage
