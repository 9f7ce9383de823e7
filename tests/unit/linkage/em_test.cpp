#include <catch2/catch.hpp>

#include "transforms/linkage/em.hpp"

using namespace atpipe::transforms::linkage;

namespace {

ComparisonSpec exact_on(LinkField f) {
  ComparisonSpec s;
  s.field = f;
  s.method = CompareMethod::Exact;
  return s;
}

}  // namespace

TEST_CASE("EM recovers m, u and the prior from a synthetic mixture", "[unit][linkage]") {
  // Three conditionally independent agree/disagree comparisons: the smallest identifiable
  // two-class model. Counts are the exact expected values, so EM should land on the truth.
  const std::vector<double> m_true = {0.9, 0.8, 0.95};
  const std::vector<double> u_true = {0.1, 0.2, 0.05};
  const double lambda_true = 0.2;
  const double n = 100000.0;
  std::vector<PatternCount> patterns;
  for (Pattern bits = 0; bits < 8; ++bits) {
    double pm = lambda_true;
    double pu = 1.0 - lambda_true;
    Pattern p = 0;
    for (std::size_t i = 0; i < 3; ++i) {
      const bool agree = ((bits >> i) & 1U) != 0;
      pm *= agree ? m_true[i] : 1.0 - m_true[i];
      pu *= agree ? u_true[i] : 1.0 - u_true[i];
      p |= static_cast<Pattern>(agree ? 0 : 1) << (4 * i);
    }
    patterns.push_back({p, n * (pm + pu)});
  }

  FittedModel start;
  start.specs = {exact_on(LinkField::Surname), exact_on(LinkField::Forename),
                 exact_on(LinkField::DateOfBirth)};
  for (const auto& s : start.specs) {
    start.m.push_back(initial_m(s));
    start.u.push_back({0.3, 0.7});
  }
  start.lambda = 0.05;

  const FittedModel fit = fit_em(patterns, start, 2000, 1e-10);
  CHECK(fit.em_converged);
  CHECK(fit.lambda == Approx(lambda_true).margin(0.005));
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(fit.m[i][0] == Approx(m_true[i]).margin(0.005));
    CHECK(fit.u[i][0] == Approx(u_true[i]).margin(0.005));
    CHECK(fit.m[i][0] + fit.m[i][1] == Approx(1.0));
  }
  // Agreement is evidence for a match, disagreement against.
  CHECK(fit.level_weight(0, 0) > 0.0);
  CHECK(fit.level_weight(0, 1) < 0.0);
  CHECK(fit.level_weight(0, kNullLevel) == 0.0);
}

TEST_CASE("EM keeps fixed parameters and levels it never sees", "[unit][linkage]") {
  ComparisonSpec nhs;
  nhs.field = LinkField::NhsNumber;
  nhs.method = CompareMethod::NhsNumber;
  ComparisonSpec sex = exact_on(LinkField::Sex);
  sex.m = {0.98, 0.02};
  sex.u = {0.5, 0.5};

  FittedModel start;
  start.specs = {nhs, sex};
  start.m = {initial_m(nhs), sex.m};
  start.u = {{0.0001, 0.01, 0.9899}, sex.u};
  start.lambda = 0.1;
  // NHS level 0 (equal numbers) never occurs: exact linkage took those pairs first.
  const std::vector<PatternCount> patterns = {
      {0x01, 50.0}, {0x02, 500.0}, {0x12, 450.0}, {0x0F, 100.0}, {0x1F, 90.0}};
  const FittedModel fit = fit_em(patterns, start, 200, 1e-9);
  CHECK(fit.m[0][0] == Approx(start.m[0][0]));
  CHECK(fit.u[0][0] == Approx(start.u[0][0]));
  CHECK(fit.m[0][0] + fit.m[0][1] + fit.m[0][2] == Approx(1.0));
  CHECK(fit.m[1] == sex.m);
  CHECK(fit.u[1] == sex.u);
}

TEST_CASE("posterior follows the weight and the prior", "[unit][linkage]") {
  FittedModel model;
  model.prior = 0.5;
  CHECK(model.probability(0.0) == Approx(0.5));
  CHECK(model.probability(10.0) == Approx(1024.0 / 1025.0));
  model.prior = 0.01;
  CHECK(model.probability(0.0) == Approx(0.01));
}
