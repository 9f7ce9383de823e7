#include "transforms/linkage/linkage.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>

#include "transforms/linkage/assignment.hpp"
#include "transforms/linkage/blocking.hpp"
#include "transforms/linkage/em.hpp"
#include "transforms/linkage/exact_join.hpp"
#include "transforms/linkage/parallel.hpp"

namespace atpipe::transforms::linkage {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// log2(m/u) per comparison and level, looked up per pair instead of taking logs each time.
struct WeightTable {
  std::array<std::array<float, 16>, kMaxComparisons> w{};
  std::size_t n = 0;

  explicit WeightTable(const FittedModel& model) : n(model.specs.size()) {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t l = 0; l < 16; ++l) {
        w[i][l] = static_cast<float>(model.level_weight(i, static_cast<std::uint8_t>(l)));
      }
    }
  }
  [[nodiscard]] float weight(Pattern p) const {
    float sum = 0.0F;
    for (std::size_t i = 0; i < n; ++i) {
      sum += w[i][level_at(p, i)];
    }
    return sum;
  }
  void fill(LinkedPair& pair) const {
    for (std::size_t i = 0; i < n; ++i) {
      pair.contributions[i] = w[i][level_at(pair.levels, i)];
    }
  }
};

FittedModel fit_model(const LinkSide& at, const LinkSide& census, const ExactJoin& exact,
                      Candidates& candidates, const Comparator& comparator,
                      const LinkageConfig& config, LinkageStats& stats) {
  FittedModel start;
  start.specs = config.comparisons;
  const bool need_u = std::any_of(config.comparisons.begin(), config.comparisons.end(),
                                  [](const ComparisonSpec& s) { return s.u.empty(); });
  std::vector<std::vector<double>> random_u;
  if (need_u) {
    random_u = u_from_random_pairs(at, exact.at_rest, census, exact.census_rest, comparator,
                                   config.u_sample_pairs, config.seed, config.threads);
  }
  for (std::size_t i = 0; i < config.comparisons.size(); ++i) {
    const auto& spec = config.comparisons[i];
    start.m.push_back(spec.m.empty() ? initial_m(spec) : spec.m);
    start.u.push_back(spec.u.empty() ? random_u[i] : spec.u);
    if (config.em_per_blocking_rule && spec.u.empty()) {
      start.specs[i].u = random_u[i];  // fit_em leaves a spec's own u alone
    }
  }
  const double expected_matches =
      static_cast<double>(std::min(exact.at_rest.size(), exact.census_rest.size()));
  const double n_pairs = std::max<double>(1.0, static_cast<double>(candidates.pairs.size()));
  start.lambda = std::clamp(expected_matches / n_pairs, 1e-6, 0.5);

  FittedModel model = start;
  if (config.estimate_by_em && config.em_per_blocking_rule) {
    mark_rules_met(candidates.pairs, at, census, config.blocking, config.threads);
    const double all_pairs =
        static_cast<double>(exact.at_rest.size()) * static_cast<double>(exact.census_rest.size());
    model = fit_em_per_rule(candidates.pairs, config.blocking, start, all_pairs,
                            config.em_max_iterations, config.em_tolerance);
  } else {
    const auto patterns = count_patterns(candidates.pairs);
    model.em_patterns = patterns.size();
    if (config.estimate_by_em || !config.prior) {
      // With every m and u fixed, EM still estimates the prior unless that is fixed too.
      model = fit_em(patterns, std::move(start), config.em_max_iterations, config.em_tolerance);
      model.em_patterns = patterns.size();
    }
  }
  stats.distinct_patterns = model.em_patterns;
  model.prior = config.prior.value_or(model.lambda);
  return model;
}

}  // namespace

core::Expected<LinkageResult> link(const LinkSide& at, const LinkSide& census,
                                   const LinkageConfig& config) {
  if (auto problem = check_linkage_config(config)) {
    return core::fail(core::ErrorCode::Config, "reconcile: " + *problem);
  }
  LinkageResult result;
  auto& stats = result.stats;
  stats.at_records = at.size();
  stats.census_records = census.size();

  auto t = Clock::now();
  const ExactJoin exact = exact_join(at, census, config.threads);
  stats.exact_pairs = exact.pairs.size();
  stats.duplicate_nhs_records = exact.at_duplicates.size() + exact.census_duplicates.size();
  stats.at_probabilistic = exact.at_rest.size();
  stats.census_probabilistic = exact.census_rest.size();
  stats.seconds_exact = seconds_since(t);

  t = Clock::now();
  const Comparator comparator(config.comparisons);
  Candidates candidates =
      generate_candidates(at, exact.at_rest, census, exact.census_rest, config.blocking, comparator,
                          config.max_block_pairs, config.threads);
  stats.blocking = candidates.stats;
  stats.seconds_blocking = seconds_since(t);

  t = Clock::now();
  result.model = fit_model(at, census, exact, candidates, comparator, config, stats);
  const WeightTable table(result.model);
  stats.seconds_em = seconds_since(t);

  t = Clock::now();
  // p >= review  <=>  weight >= logit2(review) - logit2(prior): no exp per pair.
  auto logit2 = [](double p) { return std::log2(p / (1.0 - p)); };
  const double review_weight = logit2(config.review_threshold) - logit2(result.model.prior) - 1e-9;
  std::vector<ScoredPair> scored;
  for (const auto& c : candidates.pairs) {
    const float w = table.weight(c.pattern);
    if (w >= review_weight) {
      scored.push_back(
          {c.at, c.census, c.pattern, w, static_cast<float>(result.model.probability(w))});
    }
  }
  std::vector<CandidatePair>().swap(candidates.pairs);
  auto probabilistic = assign_one_to_one(std::move(scored), at.size(), census.size(),
                                         config.match_threshold, config.close_margin);

  result.pairs.resize(exact.pairs.size());
  parallel_for(config.threads, config.threads, [&](std::size_t part) {
    const std::size_t n = exact.pairs.size();
    for (std::size_t k = part * n / config.threads; k < (part + 1) * n / config.threads; ++k) {
      const ExactPair& e = exact.pairs[k];
      LinkedPair& p = result.pairs[k];
      p.at = e.at;
      p.census = e.census;
      p.method = LinkMethod::Exact;
      p.status = e.duplicate ? LinkStatus::Review : LinkStatus::Match;
      p.reason = e.duplicate ? ReviewReason::DuplicateNhsNumber : ReviewReason::None;
      p.levels = comparator.compare(at, at[e.at], census, census[e.census]);
      p.weight = table.weight(p.levels);
      p.probability = 1.0F;
      table.fill(p);
    }
  });
  for (auto& p : probabilistic) {
    table.fill(p);
    ++(p.status == LinkStatus::Match ? stats.probabilistic_matches : stats.reviews);
    result.pairs.push_back(p);
  }
  for (const auto& e : exact.pairs) {
    stats.reviews += e.duplicate ? 1 : 0;
  }

  std::vector<bool> at_linked(at.size(), false);
  std::vector<bool> census_linked(census.size(), false);
  for (const auto& p : result.pairs) {
    at_linked[p.at] = true;
    census_linked[p.census] = true;
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (!at_linked[i]) {
      result.at_unmatched.push_back(static_cast<std::uint32_t>(i));
    }
  }
  for (std::size_t i = 0; i < census.size(); ++i) {
    if (!census_linked[i]) {
      result.census_unmatched.push_back(static_cast<std::uint32_t>(i));
    }
  }
  stats.seconds_assignment = seconds_since(t);
  return result;
}

core::Expected<LinkageResult> link(const std::vector<LinkInput>& at,
                                   const std::vector<LinkInput>& census,
                                   const LinkageConfig& config) {
  LinkSide at_side;
  LinkSide census_side;
  at_side.reserve(at.size(), at.size() * 16);
  census_side.reserve(census.size(), census.size() * 16);
  for (const auto& in : at) {
    at_side.add(in);
  }
  for (const auto& in : census) {
    census_side.add(in);
  }
  return link(at_side, census_side, config);
}

}  // namespace atpipe::transforms::linkage
