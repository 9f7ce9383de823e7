#include "bench/metrics.hpp"

#include <cstdio>

namespace atpipe::bench {

using transforms::linkage::kNoRecord;
using transforms::linkage::LinkMethod;
using transforms::linkage::LinkStatus;

double Scores::precision() const {
  return predicted == 0 ? 1.0 : static_cast<double>(correct) / static_cast<double>(predicted);
}
double Scores::recall() const {
  return truth == 0 ? 1.0 : static_cast<double>(correct) / static_cast<double>(truth);
}
double Scores::f1() const {
  const double p = precision();
  const double r = recall();
  return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
}

Evaluation evaluate(const transforms::linkage::LinkageResult& result,
                    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& truth,
                    std::size_t n_at) {
  std::vector<std::uint32_t> census_of(n_at, kNoRecord);
  for (const auto& [a, c] : truth) {
    census_of[a] = c;
  }
  std::vector<bool> at_exact(n_at, false);
  std::vector<std::uint32_t> exact_census;
  Evaluation e;
  for (const auto& p : result.pairs) {
    const bool right = census_of[p.at] == p.census;
    if (p.method == LinkMethod::Exact) {
      ++e.exact_pairs;
      e.exact_false += right ? 0 : 1;
      at_exact[p.at] = true;
      exact_census.push_back(p.census);
    }
    if (p.status == LinkStatus::Match) {
      ++e.matches.predicted;
      e.matches.correct += right ? 1 : 0;
      if (p.method == LinkMethod::Probabilistic) {
        ++e.probabilistic.predicted;
        e.probabilistic.correct += right ? 1 : 0;
      }
    } else {
      ++e.reviews;
      e.reviews_true += right ? 1 : 0;
      e.reviews_close_rival += p.reason == transforms::linkage::ReviewReason::CloseRival ? 1 : 0;
    }
    ++e.with_reviews.predicted;
    e.with_reviews.correct += right ? 1 : 0;
  }
  std::vector<bool> census_exact;
  for (std::uint32_t c : exact_census) {
    if (c >= census_exact.size()) {
      census_exact.resize(c + 1, false);
    }
    census_exact[c] = true;
  }
  e.matches.truth = truth.size();
  e.with_reviews.truth = truth.size();
  for (const auto& [a, c] : truth) {
    const bool c_exact = c < census_exact.size() && census_exact[c];
    e.probabilistic.truth += !at_exact[a] && !c_exact ? 1 : 0;
  }
  return e;
}

std::string describe(const Scores& s) {
  char text[96];
  std::snprintf(text, sizeof text, "P %.4f  R %.4f  F1 %.4f", s.precision(), s.recall(), s.f1());
  return text;
}

}  // namespace atpipe::bench
