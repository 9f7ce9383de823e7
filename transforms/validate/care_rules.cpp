// validate_patient, continued: C(E)TRs, oversight visits, discharge planning and delays
// (at-spec §6.1 AT-R100-R134). Intervals are at-spec's; "under 18" and "adult" are ages at
// the cut.
#include <algorithm>

#include "core/text.hpp"
#include "transforms/validate/rule_helpers.hpp"

namespace atpipe::transforms::rule_detail {

using core::Date;
using core::Field;
using core::Record;

namespace {

bool under_18(const Record& rec, const RuleContext& ctx) {
  return age_at_cut(rec, ctx).value_or(18) < 18;
}

// The most recent C(E)TR the record knows of: the last one, the post- and pre-admission ones
// and every entry of the history (a pre-admission review is a review too).
std::optional<Date> latest_cetr(const Record& rec) {
  std::optional<Date> latest;
  auto take = [&](std::optional<Date> d) {
    if (d && (!latest || *d > *latest)) {
      latest = d;
    }
  };
  take(date_of(rec, Field::LastCetrDate));
  take(date_of(rec, Field::CetrPostAdmissionDate));
  take(date_of(rec, Field::CetrPreAdmissionDate));
  for (const auto& entry : core::split_items(rec.get(Field::CetrHistory))) {
    take(core::parse_iso(entry.substr(0, entry.find('|'))));
  }
  return latest;
}

}  // namespace

void check_cetr(Record& rec, const RuleContext& ctx) {
  auto admitted = date_of(rec, Field::AdmissionDate);
  auto discharged = date_of(rec, Field::DischargeDate);
  auto pre = date_of(rec, Field::CetrPreAdmissionDate);
  auto post = date_of(rec, Field::CetrPostAdmissionDate);
  if (field_in(rec, ctx, Field::AdmissionPlanned, "admission_planned_planned") && !pre &&
      !has_error_on(rec, Field::CetrPreAdmissionDate)) {
    add(rec, "AT-R100", Field::CetrPreAdmissionDate);
  }
  if (pre && admitted && *pre > *admitted) {
    add(rec, "AT-R101", Field::CetrPreAdmissionDate);
  }
  if (pre && !rec.has(Field::CetrPreAdmissionOutcome)) {
    add(rec, "AT-R102", Field::CetrPreAdmissionOutcome);
  }
  if (post && admitted && *post < *admitted) {
    add(rec, "AT-R103", Field::CetrPostAdmissionDate);
  }
  if (post && !rec.has(Field::CetrPostAdmissionOutcome)) {
    add(rec, "AT-R105", Field::CetrPostAdmissionOutcome);
  }
  // AT-R104 only once the window has closed by the cut, and not for a stay that ended
  // within it (no review is due after discharge).
  if (admitted && field_in(rec, ctx, Field::AdmissionPlanned, "admission_planned_unplanned")) {
    auto due = add_days(*admitted, under_18(rec, ctx) ? 7 : 28);
    bool left_in_window = discharged && *discharged <= due;
    if (due <= ctx.cut && !left_in_window && (!post || *post > due)) {
      add(rec, "AT-R104", Field::CetrPostAdmissionDate);
    }
  }
  auto visit = date_of(rec, Field::OversightVisitLastDate);
  if (visit && admitted && (*visit < *admitted || (discharged && *visit > *discharged))) {
    add(rec, "AT-R110", Field::OversightVisitLastDate);
  }
  if (!inpatient(rec, ctx)) {
    return;
  }
  int months = under_18(rec, ctx)                                                ? 3
               : field_in(rec, ctx, Field::WardSecurity, "secure_ward_security") ? 12
                                                                                 : 6;
  auto limit = months_before(ctx.cut, months);
  // With no C(E)TR recorded at all, a stay longer than the interval is overdue too.
  auto latest = latest_cetr(rec);
  if ((latest && *latest < limit) || (!latest && admitted && *admitted < limit)) {
    add(rec, "AT-R106", Field::LastCetrDate,
        latest ? std::string() : "no C(E)TR recorded and the stay is longer than the interval");
  }
  // Visits are due for every inpatient (S36 says out-of-area; all: proposed), counted back
  // from the cut; someone admitted within the interval is not yet due one.
  auto since = add_days(ctx.cut, -7 * (under_18(rec, ctx) ? 6 : 8));
  if (admitted && *admitted < since && (!visit || *visit < since)) {
    add(rec, "AT-R111", Field::OversightVisitLastDate);
  }
}

void check_discharge_planning(Record& rec, const RuleContext& ctx) {
  auto admitted = date_of(rec, Field::AdmissionDate);
  auto planned = date_of(rec, Field::PlannedDischargeDate);
  if (planned && admitted && *planned < *admitted) {
    add(rec, "AT-R130", Field::PlannedDischargeDate);
  }
  if (planned && inpatient(rec, ctx) && *planned < ctx.cut) {
    add(rec, "AT-R131", Field::PlannedDischargeDate);
  }
  if (rec.get(Field::DelayedDischarge) == "Y" && !rec.has(Field::DelayReason) &&
      !has_error_on(rec, Field::DelayReason)) {
    add(rec, "AT-R133", Field::DelayReason);
  }
  // Q42a 6 or 7 needs both Q42b and Q48a: the finding names the item to fill in.
  if (field_in(rec, ctx, Field::CarePlanStatus, "care_plan_delayed")) {
    if (!rec.has(Field::ClinicallyReadyDate)) {
      add(rec, "AT-R134", Field::ClinicallyReadyDate,
          "care plan status 6 or 7 without a clinically ready date (Q42b)");
    } else if (!rec.has(Field::DelayReason)) {
      add(rec, "AT-R134", Field::DelayReason,
          "care plan status 6 or 7 without a delay reason (Q48a)");
    }
  }
}

}  // namespace atpipe::transforms::rule_detail
