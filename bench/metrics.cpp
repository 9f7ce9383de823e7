#include "bench/metrics.hpp"

#include <cstdio>
#include <fstream>

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

namespace {

void add_by_class(std::vector<ClassScores>& by_class, std::uint32_t flags,
                  Scores ClassScores::*which, std::size_t Scores::*count) {
  if (flags == 0) {
    ++(by_class[kCleanClass].*which.*count);
    return;
  }
  for (std::size_t k = 0; k < kCorruptionClasses; ++k) {
    if ((flags >> k & 1U) != 0) {
      ++(by_class[k].*which.*count);
    }
  }
}

void evaluate_classes(const transforms::linkage::LinkageResult& result,
                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& truth,
                      const std::vector<std::uint32_t>& census_of, const RowClasses& classes,
                      Evaluation& e) {
  e.by_class.assign(kCorruptionClasses + 1, {});
  auto flags = [&](std::uint32_t a, std::uint32_t c) {
    return (a < classes.at.size() ? classes.at[a] : 0U) |
           (c < classes.census.size() ? classes.census[c] : 0U);
  };
  for (const auto& [a, c] : truth) {
    add_by_class(e.by_class, flags(a, c), &ClassScores::matches, &Scores::truth);
    add_by_class(e.by_class, flags(a, c), &ClassScores::with_reviews, &Scores::truth);
  }
  for (const auto& p : result.pairs) {
    const std::uint32_t f = flags(p.at, p.census);
    const bool right = census_of[p.at] == p.census;
    for (auto which : {&ClassScores::with_reviews, &ClassScores::matches}) {
      if (which == &ClassScores::matches && p.status != LinkStatus::Match) {
        continue;
      }
      add_by_class(e.by_class, f, which, &Scores::predicted);
      if (right) {
        add_by_class(e.by_class, f, which, &Scores::correct);
      }
    }
  }
}

}  // namespace

std::vector<std::uint32_t> load_classes(const std::string& path) {
  std::vector<std::uint32_t> out;
  std::ifstream in(path);
  std::uint32_t v = 0;
  while (in >> v) {
    out.push_back(v);
  }
  return out;
}

void print_class_table(const Evaluation& e) {
  if (e.by_class.empty()) {
    return;
  }
  std::printf("  %-16s %7s   %-30s   %-30s\n", "class", "pairs", "matches", "matches + reviews");
  for (std::size_t k = 0; k <= kCorruptionClasses; ++k) {
    const auto& s = e.by_class[k];
    if (s.matches.truth == 0 && s.with_reviews.predicted == 0) {
      continue;
    }
    const std::string name =
        k == kCleanClass ? "clean" : std::string(class_name(static_cast<CorruptionClass>(k)));
    std::printf("  %-16s %7zu   %-30s   %-30s\n", name.c_str(), s.matches.truth,
                describe(s.matches).c_str(), describe(s.with_reviews).c_str());
  }
}

Evaluation evaluate(const transforms::linkage::LinkageResult& result,
                    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& truth,
                    std::size_t n_at, const RowClasses& classes) {
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
  if (!classes.at.empty() || !classes.census.empty()) {
    evaluate_classes(result, truth, census_of, classes, e);
  }
  return e;
}

std::string describe(const Scores& s) {
  char text[96];
  std::snprintf(text, sizeof text, "P %.4f  R %.4f  F1 %.4f", s.precision(), s.recall(), s.f1());
  return text;
}

}  // namespace atpipe::bench
