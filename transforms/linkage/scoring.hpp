#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/link_config.hpp"

namespace atpipe::transforms::linkage {

// One EM run of fit_em_per_rule: the pairs one blocking rule met and how the fit went.
struct EmSession {
  std::size_t rule = 0;  // index into LinkageConfig::blocking
  double pairs = 0.0;    // every candidate pair the rule met
  double lambda = 0.0;   // share of them EM took for matches
  std::size_t iterations = 0;
  bool converged = false;
};

// m and u for every level of every comparison, and the prior: the Fellegi–Sunter model the
// weights come from. Filled by EM or from YAML, then only read (safe to share). The EM fields
// are what a run summary or links file header shows (describe_fit).
struct FittedModel {
  std::vector<ComparisonSpec> specs;
  std::vector<std::vector<double>> m;  // [comparison][level]
  std::vector<std::vector<double>> u;
  double lambda = 0.0;                 // P(match) among candidate pairs, as EM estimated it
  double prior = 0.0;                  // the prior used for posteriors: configured, or lambda
  std::size_t em_iterations = 0;       // summed over the sessions
  bool em_converged = false;           // every session converged
  std::vector<EmSession> em_sessions;  // one per blocking rule, with EM per rule
  std::size_t em_patterns = 0;         // distinct comparison patterns among the candidates

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

// The fit in words, one line each, no patient data: "EM converged: 3 sessions, 65
// iterations, prior 1.9e-05", one line per session, then per comparison
// "surname: exact m=0.8243 u=0.00543; jw>=0.92 m=…". For a links file header or run summary.
[[nodiscard]] std::vector<std::string> describe_fit(const FittedModel& model);

}  // namespace atpipe::transforms::linkage
