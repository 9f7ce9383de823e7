#include "transforms/validate/rule_helpers.hpp"

#include <algorithm>

#include "config/code_lists_loader.hpp"

namespace atpipe::transforms::rule_detail {

using core::Field;
using core::Record;

void add(Record& rec, std::string_view id, Field field, std::string message,
         std::optional<core::Severity> severity) {
  const auto& r = rule(id);
  rec.findings.push_back({std::string(r.id),
                          severity.value_or(r.severity),
                          std::string(core::field_info(field).name),
                          message.empty() ? std::string(r.message) : std::move(message),
                          {}});
}

std::optional<core::Date> date_of(const Record& rec, Field f) {
  return rec.has(f) ? core::parse_iso(rec.get(f)) : std::nullopt;
}

namespace {

const core::CodeLists& lists_of(const RuleContext& ctx) {
  return ctx.lists != nullptr ? *ctx.lists : config::default_code_lists();
}

// The version in force at the cut (spec_version_of a record that names none).
std::string version_at_cut(const RuleContext& ctx) {
  static const Record kUnversioned;
  return spec_version_of(kUnversioned, ctx.cut);
}

// The record's own version when the lists know it, else the one in force at the cut. Called
// for every code check of every record, so the record's own version is read in place.
template <typename Use>
auto with_version_for_lists(const Record& rec, const RuleContext& ctx, Use use) {
  const auto& own = rec.get(Field::SpecVersion);
  if (!own.empty() && lists_of(ctx).has("spec_version", own)) {
    return use(std::string_view(own));
  }
  // A record without a version of its own is checked under the version at the cut, known
  // to the lists or not: the same version either way.
  const auto at_cut = version_at_cut(ctx);
  return use(std::string_view(at_cut));
}

}  // namespace

bool in_list(const Record& rec, const RuleContext& ctx, std::string_view list,
             std::string_view value) {
  // A list the config lacks for that version counts as "not in the list": a gap is seen.
  return with_version_for_lists(rec, ctx, [&](std::string_view version) {
    return lists_of(ctx).contains(list, version, value).value_or(false);
  });
}

bool list_exists(const RuleContext& ctx, const Record& rec, std::string_view list) {
  return with_version_for_lists(
      rec, ctx, [&](std::string_view version) { return lists_of(ctx).has(list, version); });
}

bool field_in(const Record& rec, const RuleContext& ctx, Field f, std::string_view list) {
  return rec.has(f) && in_list(rec, ctx, list, rec.get(f));
}

bool inpatient(const Record& rec, const RuleContext& ctx) {
  auto discharged = date_of(rec, Field::DischargeDate);
  return !discharged || *discharged > ctx.cut;
}

std::optional<int> age_at_cut(const Record& rec, const RuleContext& ctx) {
  auto dob = date_of(rec, Field::DateOfBirth);
  return dob ? std::optional<int>(core::age_on(*dob, ctx.cut)) : std::nullopt;
}

core::Date add_days(const core::Date& d, int days) {
  return core::Date{date::sys_days{d} + date::days{days}};
}

core::Date months_before(const core::Date& d, int months) {
  core::Date back = d - date::months{months};
  return back.ok() ? back : core::Date{back.year() / back.month() / date::last};
}

bool has_error_on(const Record& rec, Field f) {
  auto name = core::field_info(f).name;
  return std::any_of(rec.findings.begin(), rec.findings.end(), [&](const core::Finding& x) {
    return x.field == name && x.severity == core::Severity::Error;
  });
}

}  // namespace atpipe::transforms::rule_detail
