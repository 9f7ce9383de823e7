#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "transforms/linkage/link_result.hpp"

namespace atpipe::transforms::linkage {

// A candidate pair above the review threshold, scored.
struct ScoredPair {
  std::uint32_t at = 0;
  std::uint32_t census = 0;
  Pattern pattern = 0;
  float weight = 0.0F;
  float probability = 0.0F;
};

// One-to-one assignment, best weight first. A pair is a Match only when its posterior
// reaches `match_threshold` and no other candidate of either record (whose partner is still
// free) comes within `close_margin` of its weight; otherwise both records go to review
// together and the rival is named, never silently given to the higher one.
[[nodiscard]] std::vector<LinkedPair> assign_one_to_one(std::vector<ScoredPair> scored,
                                                        std::size_t n_at, std::size_t n_census,
                                                        double match_threshold,
                                                        double close_margin);

}  // namespace atpipe::transforms::linkage
