// check_reference(): the rules that need reference data (at-spec §5.2: "membership is checked
// against an ODS/MPSL snapshot at the cut"), plus AT-R150 on the derived distance. Without the
// reference part a rule needs, it stays silent: stage 1 has already checked the code shapes.

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/postcode.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;
using core::Record;

constexpr double kFarFromHomeKm = 300.0;  // AT-R150

// Like validate.cpp's add(), but the finding always names `field` (AT-R051 covers two).
void add(Record& rec, std::string_view id, Field field) {
  const auto& r = rule(id);
  rec.findings.push_back({std::string(r.id),
                          r.severity,
                          std::string(core::field_info(field).name),
                          std::string(r.message),
                          {}});
}

// True when `id` was already found on `field` (stage 1 reports bad shapes under the same
// rule; AT-R051's shape finding names no field), so one problem is reported once.
bool reported(const Record& rec, std::string_view id, Field field) {
  const auto name = core::field_info(field).name;
  return std::any_of(rec.findings.begin(), rec.findings.end(), [&](const core::Finding& f) {
    return f.rule == id &&
           (f.field == name || (f.field.empty() && field == Field::CommissionerCode));
  });
}

void check_commissioners(Record& rec, const RuleContext& ctx, const core::ReferenceData& ref) {
  for (Field field : {Field::CommissionerCode, Field::OriginatingCommissionerCode}) {
    const auto& code = rec.get(field);
    if (!code.empty() && !reported(rec, "AT-R051", field) &&
        !ref.commissioner_live(code, ctx.cut)) {
      add(rec, "AT-R051", field);
    }
  }
}

void check_mpsl(Record& rec, const core::ReferenceData& ref) {
  const auto& provider = rec.get(Field::ProviderCode);
  if (!provider.empty() && !reported(rec, "AT-R052", Field::ProviderCode) &&
      !ref.providers.contains(provider)) {
    add(rec, "AT-R052", Field::ProviderCode);
  }
  const auto& site = rec.get(Field::ProviderSiteCode);
  if (site.empty()) {
    return;
  }
  const auto it = ref.sites.find(site);
  if (it == ref.sites.end()) {
    if (!reported(rec, "AT-R053", Field::ProviderSiteCode)) {
      add(rec, "AT-R053", Field::ProviderSiteCode);
    }
    return;
  }
  // S29: never record the hospital postcode as home.
  const auto home = core::normalise_postcode(rec.get(Field::PostcodeHome));
  if (home.status == core::PostcodeStatus::Valid && !it->second.postcode.empty() &&
      home.normalised == it->second.postcode) {
    add(rec, "AT-R032", Field::PostcodeHome);
  }
}

void check_distance(Record& rec) {
  const std::string text(rec.get(Field::DistanceFromHomeKm));
  if (text.empty()) {
    return;
  }
  char* end = nullptr;
  const double km = std::strtod(text.c_str(), &end);
  if (end != nullptr && *end == '\0' && km > kFarFromHomeKm) {
    add(rec, "AT-R150", Field::DistanceFromHomeKm);
  }
}

}  // namespace

void check_reference(Record& merged, const RuleContext& ctx) {
  check_distance(merged);
  if (ctx.reference == nullptr) {
    return;
  }
  if (ctx.reference->has_commissioners()) {
    check_commissioners(merged, ctx, *ctx.reference);
  }
  if (ctx.reference->has_mpsl()) {
    check_mpsl(merged, *ctx.reference);
  }
}

}  // namespace atpipe::transforms
