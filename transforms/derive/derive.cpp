#include "transforms/derive/derive.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "config/code_lists_loader.hpp"
#include "core/postcode.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;

constexpr double kEarthRadiusKm = 6371.0;

const core::Centroid* centroid_of(const core::ReferenceData& ref, const std::string& postcode) {
  const auto it = ref.centroids.find(postcode);
  return it == ref.centroids.end() ? nullptr : &it->second;
}

void derive_distance(Record& rec, const core::ReferenceData& ref) {
  const auto home = core::normalise_postcode(rec.get(Field::PostcodeHome));
  if (home.status != core::PostcodeStatus::Valid) {
    return;  // missing, invalid or ZZ99: no place to measure from
  }
  const auto site = ref.sites.find(rec.get(Field::ProviderSiteCode));
  if (site == ref.sites.end() || site->second.postcode.empty()) {
    return;
  }
  const auto* from = centroid_of(ref, home.normalised);
  const auto* to = centroid_of(ref, site->second.postcode);
  if (from == nullptr || to == nullptr) {
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", great_circle_km(*from, *to));
  rec.set(Field::DistanceFromHomeKm, text);
}

void derive_delayed_discharge(Record& rec, const RuleContext& ctx) {
  const auto& status = rec.get(Field::CarePlanStatus);
  if (status.empty()) {
    return;
  }
  const auto& lists = ctx.lists != nullptr ? *ctx.lists : config::default_code_lists();
  // A list missing for the version leaves the flag empty, so AT-R132 shows the gap.
  const auto delayed = lists.contains("care_plan_delayed", spec_version_of(rec, ctx.cut), status);
  if (delayed) {
    rec.set(Field::DelayedDischarge, *delayed ? "Y" : "N");
  }
}

}  // namespace

double great_circle_km(const core::Centroid& a, const core::Centroid& b) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.latitude - a.latitude) * kRad;
  const double dlon = (b.longitude - a.longitude) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.latitude * kRad) * std::cos(b.latitude * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

void derive(Record& merged, const RuleContext& ctx) {
  if (!merged.has(Field::DistanceFromHomeKm) && ctx.reference != nullptr) {
    derive_distance(merged, *ctx.reference);
  }
  if (!merged.has(Field::DelayedDischarge)) {
    derive_delayed_discharge(merged, ctx);
  }
}

}  // namespace atpipe::transforms
