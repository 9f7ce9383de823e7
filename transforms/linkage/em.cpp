#include "transforms/linkage/em.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>
#include <unordered_map>

#include "transforms/linkage/parallel.hpp"

namespace atpipe::transforms::linkage {
namespace {

constexpr double kFloor = 1e-6;  // no level is impossible: one pair must not veto a match

// Rescales the levels in `free` so that they share `mass`, flooring each at kFloor.
void distribute(std::vector<double>& probs, const std::vector<double>& counts,
                const std::vector<bool>& free, double mass) {
  double sum = 0.0;
  for (std::size_t l = 0; l < probs.size(); ++l) {
    sum += free[l] ? counts[l] : 0.0;
  }
  if (sum <= 0.0) {
    return;
  }
  for (std::size_t l = 0; l < probs.size(); ++l) {
    if (free[l]) {
      probs[l] = std::max(kFloor, mass * counts[l] / sum);
    }
  }
}

// The comparison a blocking part restricts: within its blocks that field agrees regardless.
LinkField blocked_field(BlockPart part) {
  switch (part) {
    case BlockPart::NhsNumber:
      return LinkField::NhsNumber;
    case BlockPart::DateOfBirth:
    case BlockPart::BirthYear:
      return LinkField::DateOfBirth;
    case BlockPart::Postcode:
    case BlockPart::PostcodeSector:
    case BlockPart::PostcodeDistrict:
      return LinkField::Postcode;
    case BlockPart::Sex:
      return LinkField::Sex;
    case BlockPart::Surname:
    case BlockPart::SurnameSoundex:
    case BlockPart::SurnameInitial:
      return LinkField::Surname;
    case BlockPart::ForenameSoundex:
    case BlockPart::ForenameInitial:
      return LinkField::Forename;
  }
  return LinkField::NhsNumber;
}

}  // namespace

std::vector<PatternCount> count_patterns(const std::vector<CandidatePair>& pairs) {
  std::unordered_map<Pattern, double> counts;
  for (const auto& p : pairs) {
    counts[p.pattern] += 1.0;
  }
  std::vector<PatternCount> out;
  out.reserve(counts.size());
  for (const auto& [pattern, count] : counts) {
    out.push_back({pattern, count});
  }
  // Sorted, so that EM sums in the same order on every run.
  std::sort(out.begin(), out.end(),
            [](const PatternCount& a, const PatternCount& b) { return a.pattern < b.pattern; });
  return out;
}

std::vector<std::vector<double>> u_from_random_pairs(
    const LinkSide& at, const std::vector<std::uint32_t>& at_ids, const LinkSide& census,
    const std::vector<std::uint32_t>& census_ids, const Comparator& comparator, std::size_t samples,
    std::uint64_t seed, unsigned threads) {
  const auto& specs = comparator.specs();
  // A fixed number of chunks, each with its own stream: the same u whatever the threads.
  constexpr std::size_t kChunks = 8;
  std::vector<std::vector<std::vector<double>>> chunk_counts(kChunks);
  for (auto& counts : chunk_counts) {
    for (const auto& spec : specs) {
      counts.emplace_back(level_count(spec), 0.0);
    }
  }
  if (!at_ids.empty() && !census_ids.empty()) {
    parallel_for(kChunks, std::max(1U, threads), [&](std::size_t chunk) {
      std::mt19937_64 rng(seed + chunk);
      std::uniform_int_distribution<std::size_t> pick_a(0, at_ids.size() - 1);
      std::uniform_int_distribution<std::size_t> pick_c(0, census_ids.size() - 1);
      auto& counts = chunk_counts[chunk];
      for (std::size_t s = chunk; s < samples; s += kChunks) {
        const std::uint32_t a = at_ids[pick_a(rng)];
        const std::uint32_t c = census_ids[pick_c(rng)];
        const Pattern p = comparator.compare(at, at[a], census, census[c]);
        for (std::size_t i = 0; i < specs.size(); ++i) {
          const std::uint8_t l = level_at(p, i);
          if (l < counts[i].size()) {
            counts[i][l] += 1.0;
          }
        }
      }
    });
  }
  std::vector<std::vector<double>> counts;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    counts.emplace_back(level_count(specs[i]), 1.0);  // Laplace: every level stays possible
    for (const auto& chunk : chunk_counts) {
      for (std::size_t l = 0; l < counts[i].size(); ++l) {
        counts[i][l] += chunk[i][l];
      }
    }
  }
  for (auto& row : counts) {
    double sum = 0.0;
    for (double v : row) {
      sum += v;
    }
    for (double& v : row) {
      v /= sum;
    }
  }
  return counts;
}

std::vector<double> initial_m(const ComparisonSpec& spec) {
  const std::size_t n = level_count(spec);
  std::vector<double> m(n, 0.15 / static_cast<double>(n - 1));
  m[0] = 0.85;
  return m;
}

FittedModel fit_em(const std::vector<PatternCount>& patterns, FittedModel f,
                   std::size_t max_iterations, double tolerance) {
  const std::size_t n = f.specs.size();
  std::vector<std::vector<bool>> seen(n);
  for (std::size_t i = 0; i < n; ++i) {
    seen[i].assign(f.m[i].size(), false);
  }
  for (const auto& pc : patterns) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint8_t l = level_at(pc.pattern, i);
      if (l < seen[i].size()) {
        seen[i][l] = true;
      }
    }
  }
  f.em_iterations = 0;
  f.em_converged = false;
  if (patterns.empty()) {
    return f;
  }
  std::vector<std::vector<double>> mm(n);
  std::vector<std::vector<double>> uu(n);
  for (std::size_t it = 0; it < max_iterations; ++it) {
    for (std::size_t i = 0; i < n; ++i) {
      mm[i].assign(f.m[i].size(), 0.0);
      uu[i].assign(f.u[i].size(), 0.0);
    }
    double matched = 0.0;
    double total = 0.0;
    for (const auto& pc : patterns) {
      double lm = f.lambda;
      double lu = 1.0 - f.lambda;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t l = level_at(pc.pattern, i);
        if (l < f.m[i].size()) {
          lm *= f.m[i][l];
          lu *= f.u[i][l];
        }
      }
      const double g = lm / (lm + lu);
      matched += pc.count * g;
      total += pc.count;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t l = level_at(pc.pattern, i);
        if (l < f.m[i].size()) {
          mm[i][l] += pc.count * g;
          uu[i][l] += pc.count * (1.0 - g);
        }
      }
    }
    double delta = 0.0;
    const double lambda = std::clamp(matched / total, 1e-9, 1.0 - 1e-9);
    delta = std::max(delta, std::abs(lambda - f.lambda));
    f.lambda = lambda;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& spec = f.specs[i];
      for (auto [probs, counts, fixed] : {std::tuple{&f.m[i], &mm[i], !spec.m.empty()},
                                          std::tuple{&f.u[i], &uu[i], !spec.u.empty()}}) {
        if (fixed) {
          continue;
        }
        double unseen_mass = 0.0;
        for (std::size_t l = 0; l < probs->size(); ++l) {
          unseen_mass += seen[i][l] ? 0.0 : (*probs)[l];
        }
        const std::vector<double> before = *probs;
        distribute(*probs, *counts, seen[i], 1.0 - unseen_mass);
        for (std::size_t l = 0; l < probs->size(); ++l) {
          delta = std::max(delta, std::abs((*probs)[l] - before[l]));
        }
      }
    }
    f.em_iterations = it + 1;
    if (delta < tolerance) {
      f.em_converged = true;
      break;
    }
  }
  return f;
}

FittedModel fit_em_per_rule(const std::vector<CandidatePair>& pairs,
                            const std::vector<BlockingRule>& rules, const FittedModel& start,
                            double all_pairs, std::size_t max_iterations, double tolerance) {
  const std::size_t n = start.specs.size();
  std::vector<Pattern> masks(rules.size(), 0);
  for (std::size_t r = 0; r < rules.size(); ++r) {
    for (BlockPart part : rules[r].parts) {
      for (std::size_t i = 0; i < n; ++i) {
        masks[r] |= start.specs[i].field == blocked_field(part) ? Pattern{0xF} << (4 * i) : 0;
      }
    }
  }
  // One pass over the pairs: how often each (pattern, rules met, first rule) occurs.
  std::unordered_map<std::uint64_t, double> combos;
  for (const auto& p : pairs) {
    const unsigned met = p.rules_met != 0 ? p.rules_met : 0U;
    combos[static_cast<std::uint64_t>(p.pattern) | static_cast<std::uint64_t>(met) << 32 |
           static_cast<std::uint64_t>(p.rule) << 40] += 1.0;
  }
  std::unordered_map<Pattern, bool> distinct;
  for (const auto& [key, times] : combos) {
    distinct.emplace(static_cast<Pattern>(key & 0xFFFFFFFFU), true);
  }
  std::vector<std::unordered_map<Pattern, double>> counts(rules.size());
  std::vector<double> rule_pairs(rules.size(), 0.0);  // every pair the rule met
  std::vector<double> new_pairs(rules.size(), 0.0);   // pairs no earlier rule met
  for (const auto& [key, times] : combos) {
    const auto pattern = static_cast<Pattern>(key & 0xFFFFFFFFU);
    const auto met = static_cast<unsigned>((key >> 32) & 0xFFU);
    const auto first = static_cast<std::size_t>(key >> 40);
    new_pairs[first] += times;
    // A pair counts for every rule that met it: counted only under its first rule, a later
    // rule's pairs would be those that disagree on the earlier rules' fields (biased m).
    for (std::size_t r = 0; r < rules.size(); ++r) {
      if (r == first || (r < 8 && (met >> r & 1U) != 0)) {
        counts[r][pattern | masks[r]] += times;
        rule_pairs[r] += times;
      }
    }
  }

  FittedModel out = start;
  out.em_sessions.clear();
  out.em_patterns = distinct.size();
  std::vector<std::vector<double>> m_sum(n);
  std::vector<double> sessions(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    m_sum[i].assign(start.m[i].size(), 0.0);
  }
  double matches = 0.0;
  out.em_converged = true;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (rule_pairs[r] == 0.0) {
      continue;
    }
    std::vector<PatternCount> patterns;
    for (const auto& [pattern, count] : counts[r]) {
      patterns.push_back({pattern, count});
    }
    std::sort(patterns.begin(), patterns.end(),
              [](const PatternCount& a, const PatternCount& b) { return a.pattern < b.pattern; });
    FittedModel session = start;
    session.lambda = std::clamp(start.lambda, 1e-6, 0.5);
    session = fit_em(patterns, std::move(session), max_iterations, tolerance);
    out.em_iterations += session.em_iterations;
    out.em_converged = out.em_converged && session.em_converged;
    out.em_sessions.push_back(
        {r, rule_pairs[r], session.lambda, session.em_iterations, session.em_converged});
    matches += session.lambda * new_pairs[r];
    for (std::size_t i = 0; i < n; ++i) {
      if (level_at(masks[r], i) == kNullLevel) {
        continue;
      }
      for (std::size_t l = 0; l < m_sum[i].size(); ++l) {
        m_sum[i][l] += session.m[i][l];
      }
      sessions[i] += 1.0;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (sessions[i] > 0.0 && start.specs[i].m.empty()) {
      for (std::size_t l = 0; l < m_sum[i].size(); ++l) {
        out.m[i][l] = m_sum[i][l] / sessions[i];
      }
    }
  }
  out.lambda = std::clamp(matches / std::max(1.0, all_pairs), 1e-15, 0.5);
  return out;
}

}  // namespace atpipe::transforms::linkage
