#include "transforms/period/period.hpp"

#include <array>
#include <map>

#include "core/text.hpp"

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

std::optional<core::Date> date_in_file_name(std::string_view path) {
  auto slash = path.find_last_of('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i + 10 <= name.size(); ++i) {
    auto s = name.substr(i, 10);
    if (digit(s[0]) && digit(s[1]) && digit(s[2]) && digit(s[3]) && s[4] == '-' && digit(s[5]) &&
        digit(s[6]) && s[7] == '-' && digit(s[8]) && digit(s[9]) &&
        (i == 0 || !digit(name[i - 1])) && (i + 10 == name.size() || !digit(name[i + 10]))) {
      if (auto d = core::parse_iso(s)) {
        return d;
      }
    }
  }
  return std::nullopt;
}

std::size_t keep_census_at_cut(std::vector<core::Record>& census, const Period& period) {
  // Each file's date, read once per file rather than once per row.
  std::map<std::string, std::optional<core::Date>, std::less<>> file_date;
  std::optional<core::Date> latest;
  for (const auto& r : census) {
    auto [it, added] = file_date.try_emplace(r.where.file);
    if (!added) {
      continue;
    }
    it->second = date_in_file_name(r.where.file);
    const auto& d = it->second;
    if (d && *d >= period.start && *d <= period.cut && (!latest || *d > *latest)) {
      latest = d;
    }
  }
  auto before = census.size();
  std::erase_if(census, [&](const core::Record& r) {
    const auto& d = file_date.find(r.where.file)->second;
    return d && d != latest;
  });
  return before - census.size();
}

std::size_t as_at_cut(core::Record& record, const Period& period) {
  using core::Field;
  struct Event {
    Field date;
    std::array<Field, 2> codes;  // cleared with the date; Count = none
  };
  static constexpr Field kNone = Field::Count;
  static constexpr std::array<Event, 8> kEvents = {{
      {Field::DischargeDate, {Field::DischargeDestination, kNone}},
      {Field::CetrPostAdmissionDate, {Field::CetrPostAdmissionOutcome, kNone}},
      {Field::LastCetrDate, {Field::LastCetrType, Field::LastCetrOutcome}},
      {Field::OversightVisitLastDate, {kNone, kNone}},
      {Field::LastCarePlanReview, {kNone, kNone}},
      {Field::LdDiagnosisDate, {kNone, kNone}},
      {Field::AutismDiagnosisDate, {kNone, kNone}},
      {Field::ClinicallyReadyDate, {kNone, kNone}},
  }};
  std::size_t cleared = 0;
  auto after_cut = [&](Field f) {
    auto d = core::parse_iso(record.get(f));
    return d && *d > period.cut;
  };
  // C(E)TR history entries start with their ISO date and are in date order.
  std::string kept;
  std::string latest;  // the latest entry on or before the cut
  for (const auto& entry : core::split_items(record.get(Field::CetrHistory))) {
    auto d = core::parse_iso(entry.substr(0, 10));
    if (d && *d > period.cut) {
      ++cleared;
      continue;
    }
    kept += (kept.empty() ? "" : ";") + entry;
    latest = entry;
  }
  record.set(Field::CetrHistory, kept);
  bool last_cetr_cleared = after_cut(Field::LastCetrDate);
  for (const auto& e : kEvents) {
    if (!after_cut(e.date)) {
      continue;
    }
    record.set(e.date, "");
    ++cleared;
    for (auto code : e.codes) {
      if (code != kNone) {
        record.set(code, "");
      }
    }
  }
  if (auto parts = core::split_fields(latest, '|'); last_cetr_cleared && parts.size() == 3) {
    record.set(Field::LastCetrDate, parts[0]);
    record.set(Field::LastCetrType, parts[1]);
    record.set(Field::LastCetrOutcome, parts[2]);
  }
  return cleared;
}

bool in_return(Membership m) {
  return m == Membership::InpatientAtCut || m == Membership::DischargedInPeriod;
}

}  // namespace atpipe::transforms
