#include "transforms/linkage/scoring.hpp"

#include <cmath>
#include <cstdio>

namespace atpipe::transforms::linkage {

double FittedModel::level_weight(std::size_t comparison, std::uint8_t level) const {
  if (level == kNullLevel || comparison >= m.size() || level >= m[comparison].size()) {
    return 0.0;
  }
  return std::log2(m[comparison][level] / u[comparison][level]);
}

double FittedModel::match_weight(Pattern p) const {
  double w = 0.0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    w += level_weight(i, level_at(p, i));
  }
  return w;
}

double FittedModel::probability(double match_weight) const {
  const double log_odds = match_weight + std::log2(prior / (1.0 - prior));
  return 1.0 / (1.0 + std::exp2(-log_odds));
}

std::vector<FieldContribution> explain(const FittedModel& model, Pattern p) {
  std::vector<FieldContribution> out;
  out.reserve(model.specs.size());
  for (std::size_t i = 0; i < model.specs.size(); ++i) {
    const std::uint8_t level = level_at(p, i);
    FieldContribution c;
    c.field = std::string(field_name(model.specs[i].field));
    c.level = level == kNullLevel ? "missing" : level_label(model.specs[i], level);
    c.weight = model.level_weight(i, level);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> describe_fit(const FittedModel& model) {
  std::vector<std::string> out;
  char text[160];
  std::snprintf(text, sizeof text,
                "EM %s: %zu session(s), %zu iterations, %zu patterns, prior %.3g",
                model.em_converged ? "converged" : "did not converge", model.em_sessions.size(),
                model.em_iterations, model.em_patterns, model.prior);
  out.emplace_back(text);
  for (const auto& session : model.em_sessions) {
    std::snprintf(text, sizeof text,
                  "  blocking rule %zu: %.0f pairs, %.4f matches, %zu iterations%s",
                  session.rule + 1, session.pairs, session.lambda, session.iterations,
                  session.converged ? "" : " (not converged)");
    out.emplace_back(text);
  }
  for (std::size_t i = 0; i < model.specs.size(); ++i) {
    std::string line = std::string(field_name(model.specs[i].field)) + ":";
    for (std::size_t l = 0; l < model.m[i].size() && l < model.u[i].size(); ++l) {
      std::snprintf(text, sizeof text, "%s %s m=%.4g u=%.3g", l == 0 ? "" : ";",
                    level_label(model.specs[i], l).c_str(), model.m[i][l], model.u[i][l]);
      line += text;
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace atpipe::transforms::linkage
