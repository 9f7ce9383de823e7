#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "transforms/linkage/blocking.hpp"
#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/scoring.hpp"

namespace atpipe::transforms::linkage {

// How often one comparison pattern occurs among the candidate pairs. EM runs over these,
// not over the pairs, so its cost does not grow with the number of records.
struct PatternCount {
  Pattern pattern = 0;
  double count = 0.0;
};

[[nodiscard]] std::vector<PatternCount> count_patterns(const std::vector<CandidatePair>& pairs);

// u seeded from `samples` random (AT, census) pairs: almost all of them are non-matches, so
// level frequencies among them estimate u. Laplace-smoothed; reproducible from `seed`, and
// the same for any number of `threads`.
[[nodiscard]] std::vector<std::vector<double>> u_from_random_pairs(
    const LinkSide& at, const std::vector<std::uint32_t>& at_ids, const LinkSide& census,
    const std::vector<std::uint32_t>& census_ids, const Comparator& comparator, std::size_t samples,
    std::uint64_t seed, unsigned threads = 1);

// Starting m: most mass on full agreement, the rest spread over the partial levels.
[[nodiscard]] std::vector<double> initial_m(const ComparisonSpec& spec);

// Fits m, u and lambda to the pattern counts by EM (Fellegi–Sunter with conditional
// independence; null levels are left out of each factor). Comparisons whose spec carries m
// and u keep them; a level never seen among the candidates (an equal NHS number, which exact
// linkage has already taken) keeps its starting values.
[[nodiscard]] FittedModel fit_em(const std::vector<PatternCount>& patterns, FittedModel start,
                                 std::size_t max_iterations, double tolerance);

// Splink's estimation for blocked candidates: one EM per blocking rule over the pairs that
// rule brought in, with the comparisons on the rule's own fields left out (inside a date of
// birth block every pair agrees on date of birth, match or not). u is fixed (from random
// pairs) in `start`'s specs. m is the mean over the rules that could estimate it; the prior
// is the estimated number of matches over `all_pairs`, every possible (AT, census) pair.
[[nodiscard]] FittedModel fit_em_per_rule(const std::vector<CandidatePair>& pairs,
                                          const std::vector<BlockingRule>& rules,
                                          const FittedModel& start, double all_pairs,
                                          std::size_t max_iterations, double tolerance);

}  // namespace atpipe::transforms::linkage
