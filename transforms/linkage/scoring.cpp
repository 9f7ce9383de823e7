#include "transforms/linkage/scoring.hpp"

#include <cmath>

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

}  // namespace atpipe::transforms::linkage
