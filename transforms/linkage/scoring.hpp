#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/link_config.hpp"

namespace atpipe::transforms::linkage {

// m and u for every level of every comparison, and the prior: the Fellegi–Sunter model the
// weights come from. Filled by EM or from YAML, then only read (safe to share).
struct FittedModel {
  std::vector<ComparisonSpec> specs;
  std::vector<std::vector<double>> m;  // [comparison][level]
  std::vector<std::vector<double>> u;
  double lambda = 0.0;  // P(match) among candidate pairs, as EM estimated it
  double prior = 0.0;   // the prior used for posteriors: configured, or lambda
  std::size_t em_iterations = 0;
  bool em_converged = false;

  // log2(m / u) of one level; 0 for a null level, which carries no evidence.
  [[nodiscard]] double level_weight(std::size_t comparison, std::uint8_t level) const;
  [[nodiscard]] double match_weight(Pattern p) const;
  // Posterior P(match | pattern) from the match weight and the prior.
  [[nodiscard]] double probability(double match_weight) const;
};

// One field's part of a pair's weight, for explanations.
struct FieldContribution {
  std::string field;  // "surname"
  std::string level;  // "jw>=0.92", "day/month swapped", "missing"
  double weight = 0.0;
};

[[nodiscard]] std::vector<FieldContribution> explain(const FittedModel& model, Pattern p);

}  // namespace atpipe::transforms::linkage
