#include "transforms/period/period.hpp"

namespace atpipe::transforms {

std::optional<Period> period_from_label(std::string_view label) {
  auto cut = core::month_end(label);
  if (!cut) {
    return std::nullopt;
  }
  core::Date start{cut->year(), cut->month(), date::day{1}};
  return Period{std::string(label), start, *cut};
}

Period last_complete_period(const core::Date& today) {
  date::year_month previous = date::year_month{today.year(), today.month()} - date::months{1};
  auto label = date::format("%Y-%m", date::sys_days{previous / date::day{1}});
  return *period_from_label(label);
}

Membership membership(const core::Record& record, const Period& period) {
  auto admitted = core::parse_iso(record.get(core::Field::AdmissionDate));
  if (!admitted) {
    return Membership::Undated;
  }
  if (*admitted > period.cut) {
    return Membership::AdmittedAfterCut;
  }
  auto discharged = core::parse_iso(record.get(core::Field::DischargeDate));
  if (!discharged || *discharged > period.cut) {
    return Membership::InpatientAtCut;
  }
  if (*discharged >= period.start) {
    return Membership::DischargedInPeriod;
  }
  return Membership::EndedBeforePeriod;
}

bool in_return(Membership m) {
  return m == Membership::InpatientAtCut || m == Membership::DischargedInPeriod;
}

}  // namespace atpipe::transforms
