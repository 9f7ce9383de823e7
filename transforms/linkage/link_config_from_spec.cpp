#include "transforms/linkage/link_config_from_spec.hpp"

namespace atpipe::transforms::linkage {
namespace {

core::Unexpected<core::Error> config_error(const config::Mark& mark, const std::string& message) {
  return core::fail(core::ErrorCode::Config, mark.describe() + ": error: " + message);
}

}  // namespace

core::Expected<LinkageConfig> from_spec(const config::ReconcileSpec& spec) {
  LinkageConfig out = default_linkage_config();
  out.match_threshold = spec.match_threshold;
  out.review_threshold = spec.review_threshold;
  out.prior = spec.prior;
  out.estimate_by_em = spec.parameters != "fixed";
  if (!spec.blocking.empty()) {
    out.blocking.clear();
    for (const auto& rule : spec.blocking) {
      BlockingRule r;
      for (const auto& part : rule) {
        auto p = block_part_by_name(part);
        if (!p) {
          return config_error(spec.mark, "unknown blocking key part '" + part +
                                             "' in reconcile.blocking (for example "
                                             "date_of_birth, birth_year, postcode_district, "
                                             "postcode_sector, sex, surname_soundex, "
                                             "forename_initial)");
        }
        r.parts.push_back(*p);
      }
      out.blocking.push_back(std::move(r));
    }
  }
  if (!spec.comparisons.empty()) {
    out.comparisons.clear();
    for (const auto& c : spec.comparisons) {
      auto field = link_field_by_name(c.field);
      if (!field) {
        return config_error(c.mark, "reconcile.comparisons cannot compare '" + c.field +
                                        "' (fields: nhs_number, surname, forename, "
                                        "date_of_birth, postcode, sex)");
      }
      auto method = method_by_name(c.method);
      if (!method) {
        return config_error(c.mark, "unknown comparison method '" + c.method + "' for " + c.field +
                                        " (methods: jaro_winkler, exact, date, postcode, "
                                        "nhs_number)");
      }
      ComparisonSpec s;
      s.field = *field;
      s.method = *method;
      s.levels = c.levels;
      if (c.transpositions) {
        s.transpositions = *c.transpositions;
      }
      s.m = c.m;
      s.u = c.u;
      out.comparisons.push_back(std::move(s));
    }
  }
  if (auto problem = check_linkage_config(out)) {
    return config_error(spec.mark, "reconcile: " + *problem);
  }
  return out;
}

}  // namespace atpipe::transforms::linkage
