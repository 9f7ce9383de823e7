#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

// A pair of records that share at least one blocking key, with its comparison levels.
// Indices are into the LinkSides.
struct CandidatePair {
  std::uint32_t at = 0;
  std::uint32_t census = 0;
  Pattern pattern = 0;
  std::uint8_t rule = 0;  // the first blocking rule that met the pair
  // Every rule among the first eight that met the pair, a bit each; filled by
  // mark_rules_met (EM per rule estimates on all of a rule's pairs, not only its new ones).
  std::uint8_t rules_met = 0;
};

struct BlockingStats {
  std::vector<std::size_t> pairs_per_rule;  // new pairs each rule added (after de-duplication)
  std::size_t candidate_pairs = 0;
  std::size_t blocks_capped = 0;  // blocks over max_block_pairs, left out
  std::size_t pairs_skipped = 0;  // the pairs those blocks would have produced
};

struct Candidates {
  std::vector<CandidatePair> pairs;  // each pair once, whatever the number of rules it met
  BlockingStats stats;
};

// The blocking key of `r` under `rule`: a 64-bit hash of its parts, or 0 when the record
// lacks a part (it then takes no part in that rule).
[[nodiscard]] std::uint64_t block_key(const BlockingRule& rule, const LinkSide& side,
                                      const CompactRecord& r);

// Joins the records listed in `at_ids` and `census_ids` on every rule's key, compares each
// distinct pair once with `comparator`, and spreads the work over `threads`. Keys are
// computed once per record and rule; a pair met by an earlier rule is not emitted again.
[[nodiscard]] Candidates generate_candidates(
    const LinkSide& at, const std::vector<std::uint32_t>& at_ids, const LinkSide& census,
    const std::vector<std::uint32_t>& census_ids, const std::vector<BlockingRule>& rules,
    const Comparator& comparator, std::size_t max_block_pairs, unsigned threads);

// Fills CandidatePair::rules_met: the pair's own rule, and every later rule (of the first
// eight) whose key the two records share.
void mark_rules_met(std::vector<CandidatePair>& pairs, const LinkSide& at, const LinkSide& census,
                    const std::vector<BlockingRule>& rules, unsigned threads);

}  // namespace atpipe::transforms::linkage
