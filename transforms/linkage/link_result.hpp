#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "transforms/linkage/blocking.hpp"
#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/scoring.hpp"

namespace atpipe::transforms::linkage {

inline constexpr std::uint32_t kNoRecord = std::numeric_limits<std::uint32_t>::max();

enum class LinkMethod : std::uint8_t { Exact, Probabilistic };
enum class LinkStatus : std::uint8_t { Match, Review };

// Why a pair is for review rather than a match; the query a person works from.
enum class ReviewReason : std::uint8_t {
  None,
  BelowMatchThreshold,  // posterior between the review and match thresholds
  CloseRival,           // another free candidate within close_margin of this one's weight
  DuplicateNhsNumber,   // exact, but the number occurs more than once on a side
};

// One linked (AT, census) pair with its evidence: the match weight, the posterior, the level
// and weight of each comparison (in config order), and the rival that sent it to review.
struct LinkedPair {
  std::uint32_t at = 0;      // index into the AT input
  std::uint32_t census = 0;  // index into the census input
  LinkMethod method = LinkMethod::Exact;
  LinkStatus status = LinkStatus::Match;
  ReviewReason reason = ReviewReason::None;
  Pattern levels = 0;        // level_at(levels, i) for comparison i; kNullLevel = missing
  float weight = 0.0F;       // sum of the contributions, log2
  float probability = 0.0F;  // posterior; 1 for exact pairs, which scoring never overrides
  std::array<float, kMaxComparisons> contributions{};
  std::uint32_t rival_at = kNoRecord;  // the close rival pair, when reason is CloseRival
  std::uint32_t rival_census = kNoRecord;
  float rival_weight = 0.0F;
};

struct LinkageStats {
  std::size_t at_records = 0;
  std::size_t census_records = 0;
  std::size_t exact_pairs = 0;
  std::size_t duplicate_nhs_records = 0;  // left unmatched: their number was already paired
  std::size_t at_probabilistic = 0;       // records that went on to probabilistic linkage
  std::size_t census_probabilistic = 0;
  BlockingStats blocking;
  std::size_t distinct_patterns = 0;
  std::size_t probabilistic_matches = 0;
  std::size_t reviews = 0;
  double seconds_exact = 0.0;
  double seconds_blocking = 0.0;  // includes comparing every candidate pair
  double seconds_em = 0.0;
  double seconds_assignment = 0.0;
};

// What link() returns. Every input record is in exactly one pair or one unmatched list.
struct LinkageResult {
  std::vector<LinkedPair> pairs;            // exact pairs by AT index, then probabilistic by weight
  std::vector<std::uint32_t> at_unmatched;  // ascending
  std::vector<std::uint32_t> census_unmatched;  // ascending
  FittedModel model;
  LinkageStats stats;

  // Field by field: name, level label and weight (for query lists and review screens).
  [[nodiscard]] std::vector<FieldContribution> explain(const LinkedPair& pair) const {
    return linkage::explain(model, pair.levels);
  }
};

}  // namespace atpipe::transforms::linkage
