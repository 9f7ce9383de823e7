#include "transforms/summary/summary.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string_view>

#include "core/text.hpp"
#include "transforms/validate/rules.hpp"

namespace atpipe::transforms {
namespace {

using core::Field;

// Length-of-stay bands in days (at-spec §3.3, from S22).
struct Band {
  const char* label;
  long max_days;  // inclusive upper bound
};
constexpr std::array<Band, 11> kLosBands = {{{"0-3 days", 3},
                                             {"4-7 days", 7},
                                             {"1-2 weeks", 14},
                                             {"2-4 weeks", 28},
                                             {"1-3 months", 91},
                                             {"3-6 months", 182},
                                             {"6-12 months", 365},
                                             {"1-2 years", 730},
                                             {"2-5 years", 1826},
                                             {"5-10 years", 3652},
                                             {"10 years and over", 1L << 30}}};

constexpr std::array<Band, 7> kAgeBands = {{{"Under 18", 17},
                                            {"18-24", 24},
                                            {"25-34", 34},
                                            {"35-44", 44},
                                            {"45-54", 54},
                                            {"55-64", 64},
                                            {"65 and over", 1L << 30}}};

std::string_view legal_status_group(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kGroups = {{
      {"01", "Informal"},
      {"98", "Informal"},
      {"99", "Informal"},
      {"02", "Part 2"},
      {"03", "Part 2"},
      {"07", "Part 3 without restrictions"},
      {"08", "Part 3 without restrictions"},
      {"10", "Part 3 without restrictions"},
      {"12", "Part 3 without restrictions"},
      {"13", "Part 3 without restrictions"},
      {"14", "Part 3 without restrictions"},
      {"16", "Part 3 without restrictions"},
      {"18", "Part 3 without restrictions"},
      {"34", "Part 3 without restrictions"},
      {"09", "Part 3 with restrictions"},
      {"15", "Part 3 with restrictions"},
      {"17", "Part 3 with restrictions"},
  }};
  if (code.empty()) {
    return "Informal";
  }
  for (const auto& [known, group] : kGroups) {
    if (known == code) {
      return group;
    }
  }
  return "Other";
}

long days_between(const core::Date& from, const core::Date& to) {
  return (date::sys_days{to} - date::sys_days{from}).count();
}

// Adds 1 to `n`, or takes back an earlier 1 (delta -1: an episode counted as a person's latest
// open one that a later episode turned out to be).
void bump(std::size_t& n, int delta) {
  if (delta > 0) {
    ++n;
  } else {
    --n;
  }
}

// Counts per band, kept as the values are seen (no list of every inpatient's value).
template <std::size_t N>
class BandCounts {
 public:
  explicit BandCounts(const std::array<Band, N>& bands) : bands_(bands) {}
  // The first band whose upper bound is at or above `v`.
  void add(long v, int delta) {
    for (std::size_t i = 0; i < N; ++i) {
      if (v <= bands_[i].max_days) {
        bump(counts_[i], delta);
        return;
      }
    }
  }
  [[nodiscard]] SummaryTable table(const char* name, const char* title) const {
    SummaryTable t{name, title, {}};
    for (std::size_t i = 0; i < N; ++i) {
      t.rows.emplace_back(bands_[i].label, counts_[i]);
    }
    return t;
  }

 private:
  const std::array<Band, N>& bands_;
  std::array<std::size_t, N> counts_{};
};

// Inpatients per value of one field, counted as they are seen ("" = not recorded).
using CodeCounts = std::map<std::string, std::size_t, std::less<>>;

// A value whose count goes back to 0 is dropped, as if it had never been seen.
void count_code(CodeCounts& counts, std::string_view value, int delta) {
  if (auto it = counts.find(value); it != counts.end()) {
    bump(it->second, delta);
    if (it->second == 0) {
      counts.erase(it);
    }
  } else {
    counts.emplace(std::string(value), 1);
  }
}

// Counts by a fixed list of labels first, then any other value seen, then "Not recorded".
SummaryTable coded(const char* name, const char* title,
                   const std::vector<std::pair<std::string, std::string>>& known,
                   CodeCounts counts) {
  SummaryTable t{name, title, {}};
  for (const auto& [code, label] : known) {
    t.rows.emplace_back(label, counts[code]);
    counts.erase(code);
  }
  std::size_t missing = counts.count("") ? counts[""] : 0;
  counts.erase("");
  for (const auto& [code, n] : counts) {
    t.rows.emplace_back(code, n);
  }
  if (missing > 0) {
    t.rows.emplace_back("Not recorded", missing);
  }
  return t;
}

// A table whose categories are all listed up front, so a month without any still shows 0.
SummaryTable fixed(const char* name, const char* title, std::initializer_list<const char*> labels) {
  SummaryTable t{name, title, {}};
  for (const char* label : labels) {
    t.rows.emplace_back(label, 0);
  }
  return t;
}

// Yes / no / not known items (at-spec §2.1): rows in this order.
constexpr std::initializer_list<const char*> kFlagRows = {"Yes", "No", "Not known", "Not recorded"};
std::size_t flag_row(std::string_view value) {
  if (value == "Y") {
    return 0;
  }
  if (value == "N") {
    return 1;
  }
  return value == "NK" ? 2 : 3;
}

// The index of `value` in `codes`, else codes.size() (the "not recorded / other" row).
std::size_t code_row(std::initializer_list<std::string_view> codes, std::string_view value) {
  std::size_t i = 0;
  for (auto code : codes) {
    if (code == value) {
      return i;
    }
    ++i;
  }
  return i;
}

// `d` moved back by whole calendar months, on the month's last day when the day is missing
// (31 October - 6 months = 30 April).
core::Date months_before(const core::Date& d, int months) {
  date::year_month ym = d.year() / d.month() - date::months{months};
  auto last = date::year_month_day_last{ym / date::last}.day();
  return ym / (d.day() < last ? d.day() : last);
}

// Every C(E)TR date the record holds (most recent, post-admission, history), at or before the
// cut: one dated after the cut had not happened by it.
std::vector<core::Date> cetr_dates(const core::Record& r, const core::Date& cut) {
  std::vector<core::Date> out;
  auto keep = [&](std::string_view text) {
    if (auto d = core::parse_iso(text); d && *d <= cut) {
      out.push_back(*d);
    }
  };
  // The pre-admission C(E)TR counts too, as it does for AT-R106.
  keep(r.get(Field::LastCetrDate));
  keep(r.get(Field::CetrPreAdmissionDate));
  keep(r.get(Field::CetrPostAdmissionDate));
  for (const auto& entry : core::split_items(r.get(Field::CetrHistory))) {
    keep(std::string_view(entry).substr(0, entry.find('|')));
  }
  return out;
}

// Distance bands of MHSDS LDA (at-spec §2.1, §3.3); a band includes its upper bound, so
// 10.0 km is "0-10 km" and 10.1 km "11-20 km".
constexpr std::array<std::pair<const char*, double>, 5> kDistanceBands = {{{"0-10 km", 10},
                                                                           {"11-20 km", 20},
                                                                           {"21-50 km", 50},
                                                                           {"51-100 km", 100},
                                                                           {"Over 100 km", 1e18}}};
std::size_t distance_row(std::string_view text) {
  double km = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), km);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || km < 0) {
    return kDistanceBands.size();  // unknown
  }
  std::size_t i = 0;
  while (km > kDistanceBands[i].second) {
    ++i;
  }
  return i;
}

// Time from the cut to the planned discharge date, in days, with the LOS band edges of S22
// (at-spec §3.3): row 0 overdue, rows 1-6 the bands, row 7 no date.
constexpr std::array<long, 5> kPlannedBandEnds = {91, 182, 365, 730, 1826};
std::size_t planned_row(std::string_view text, const core::Date& cut) {
  auto planned = core::parse_iso(text);
  if (!planned) {
    return 7;
  }
  long days = days_between(cut, *planned);
  if (days < 0) {
    return 0;
  }
  std::size_t i = 0;
  while (i < kPlannedBandEnds.size() && days > kPlannedBandEnds[i]) {
    ++i;
  }
  return i + 1;
}

// Collects the tables while walking the return once; one method per population.
class Tally {
 public:
  Tally(const Period& period, const core::CodeLists& lists) : period_(period), lists_(lists) {}

  void admission(const core::Record& r, const core::Date& admitted);
  void discharge(const core::Record& r);
  // A person's latest open episode at the cut (delta +1), or one that a later open episode of
  // the same person replaces (delta -1, with the same record: every count it made is undone).
  void latest(const core::Record& r, int delta);
  [[nodiscard]] bool leave_not_counted(const core::Record& r) const;

  std::size_t at_cut = 0;
  std::size_t admissions = 0;
  std::size_t carried = 0;
  std::size_t episodes_at_cut = 0;
  BandCounts<kLosBands.size()> los{kLosBands};
  BandCounts<kAgeBands.size()> ages{kAgeBands};
  CodeCounts security;
  CodeCounts legal;
  CodeCounts gender;
  CodeCounts category;
  CodeCounts provider;
  std::size_t discharges = 0;
  std::size_t transfers_out = 0;
  std::size_t on_leave_not_counted = 0;
  std::size_t secure = 0;
  SummaryTable admission_type =
      fixed("admission_type", "Admissions in the month by admission type",
            {"First admission", "Readmission within 12 months", "Transfer", "Not recorded"});
  SummaryTable admission_planned =
      fixed("admission_planned", "Admissions in the month, planned or unplanned",
            {"Planned", "Unplanned", "Not known", "Not recorded"});
  SummaryTable dsr = fixed("dsr_before_admission",
                           "On the dynamic support register before admission (admissions in the "
                           "month)",
                           kFlagRows);
  SummaryTable cetr_post = fixed("cetr_post_admission",
                                 "Post-admission C(E)TR held by the cut (admissions in the month)",
                                 {"Held", "Not held"});
  SummaryTable closed =
      fixed("discharge_reason", "Discharges and transfers out in the month by record closed reason",
            {"Back into the community", "Died", "Other discharge", "Reason not recorded",
             "Transfer to another MH or LD bed (not a discharge from hospital)"});
  SummaryTable s17 =
      fixed("s17_leave", "Extended S17 leave (MM/PJ) at the cut, everyone in hospital by dates",
            {"On extended S17 leave", "Not on extended S17 leave", "Not known", "Not recorded"});
  SummaryTable distance =
      fixed("distance_from_home", "Distance from home (inpatients)",
            {"0-10 km", "11-20 km", "21-50 km", "51-100 km", "Over 100 km", "Unknown"});
  SummaryTable cetr = fixed("cetr_coverage", "Most recent C(E)TR before the cut (inpatients)",
                            {"Within the last 6 months", "6 to 12 months ago", "Over 12 months ago",
                             "No C(E)TR recorded"});
  SummaryTable planned = fixed("planned_discharge", "Time to planned discharge (inpatients)",
                               {"Overdue", "0-3 months", "3-6 months", "6-12 months", "1-2 years",
                                "2-5 years", "5 years and over", "No planned date"});
  SummaryTable care_plan =
      fixed("care_plan_status", "Care plan status (inpatients)",
            {"1 (not decoded)", "2 Active treatment, no discharge plan",
             "3 Working towards discharge, plan in place", "4 (not decoded)", "5 (not decoded)",
             "6 Delayed transfer of care, no community option",
             "7 Clinically ready, legal restrictions prevent discharge", "Not recorded"});
  SummaryTable delayed = fixed("delayed_discharge", "Delayed discharge (inpatients)", kFlagRows);
  SummaryTable ehc =
      fixed("ehc_plan", "Education, health and care plan (inpatients under 25)", kFlagRows);
  SummaryTable advocacy = fixed("advocacy", "Advocacy (inpatients)",
                                {"Has an advocate", "No advocate", "Not recorded"});
  SummaryTable advocate_type =
      fixed("advocate_type", "Advocate type (inpatients; one person may have several)",
            {"Independent advocate: family member", "Independent advocate: independent person",
             "IMCA", "IMHA", "Non-instructed advocacy"});

 private:
  [[nodiscard]] bool in_list(std::string_view list, const core::Record& r, std::string_view code) {
    // A record is asked about several lists: its version is worked out once.
    if (versioned_ != &r) {
      version_ = spec_version_of(r, period_.cut);
      versioned_ = &r;
    }
    return lists_.contains(list, version_, code).value_or(false);
  }

  void inpatient(const core::Record& r, int delta);

  const Period& period_;
  const core::CodeLists& lists_;
  const core::Record* versioned_ = nullptr;
  std::string version_;
};

void Tally::admission(const core::Record& r, const core::Date& admitted) {
  ++admission_type.rows[code_row({"FIRST", "READMIT_12M", "TRANSFER"}, r.get(Field::AdmissionType))]
        .second;
  const std::string_view plan = r.get(Field::AdmissionPlanned);
  std::size_t plan_row = in_list("admission_planned_planned", r, plan)     ? 0
                         : in_list("admission_planned_unplanned", r, plan) ? 1
                         : in_list("admission_planned", r, plan)           ? 2
                                                                           : 3;
  ++admission_planned.rows[plan_row].second;
  ++dsr.rows[flag_row(r.get(Field::DsrBeforeAdmission))].second;
  bool held = false;
  for (const auto& d : cetr_dates(r, period_.cut)) {
    held = held || d >= admitted;
  }
  ++cetr_post.rows[held ? 0 : 1].second;
}

void Tally::discharge(const core::Record& r) {
  const std::string_view reason = r.get(Field::DischargeDestination);
  std::size_t row = 2;
  // A transfer to another bed is tested first: it is never a discharge from hospital.
  if (in_list("closure_transfer", r, reason)) {
    row = 4;
  } else if (in_list("closure_community", r, reason)) {
    row = 0;
  } else if (in_list("closure_died", r, reason)) {
    row = 1;
  } else if (reason.empty()) {
    row = 3;
  }
  ++closed.rows[row].second;
  (row == 4 ? transfers_out : discharges) += 1;
}

bool Tally::leave_not_counted(const core::Record& r) const {
  // at-spec §3.3 (S5): from the November 2024 cut, people on extended S17 leave under
  // MM/PJ arrangements are not counted as inpatients.
  static const core::Date kLeaveExcludedFrom{date::year{2024}, date::November, date::day{30}};
  return flag_row(r.get(Field::S17ExtendedLeave)) == 0 && period_.cut >= kLeaveExcludedFrom;
}

void Tally::latest(const core::Record& r, int delta) {
  bump(s17.rows[flag_row(r.get(Field::S17ExtendedLeave))].second, delta);
  if (leave_not_counted(r)) {
    bump(on_leave_not_counted, delta);
    return;
  }
  bump(episodes_at_cut, delta);
  bump(at_cut, delta);
  inpatient(r, delta);
  const auto& cut = period_.cut;
  auto admitted = core::parse_iso(r.get(Field::AdmissionDate));
  if (admitted && *admitted < period_.start) {
    bump(carried, delta);
  }
  if (admitted) {
    los.add(days_between(*admitted, cut), delta);
  }
  if (auto dob = core::parse_iso(r.get(Field::DateOfBirth))) {
    ages.add(core::age_on(*dob, cut), delta);
  }
  count_code(security, r.get(Field::WardSecurity), delta);
  count_code(legal, legal_status_group(r.get(Field::MhaLegalStatus)), delta);
  count_code(gender, r.get(Field::GenderIdentity), delta);
  count_code(category, r.get(Field::LdaCategory), delta);
  count_code(provider, r.get(Field::ProviderCode), delta);
}

void Tally::inpatient(const core::Record& r, int delta) {
  const auto& cut = period_.cut;
  if (in_list("secure_ward_security", r, r.get(Field::WardSecurity))) {
    bump(secure, delta);
  }
  bump(distance.rows[distance_row(r.get(Field::DistanceFromHomeKm))].second, delta);
  auto dates = cetr_dates(r, cut);
  std::size_t cetr_row = 3;
  if (!dates.empty()) {
    auto latest = *std::max_element(dates.begin(), dates.end());
    cetr_row = latest >= months_before(cut, 6) ? 0 : latest >= months_before(cut, 12) ? 1 : 2;
  }
  bump(cetr.rows[cetr_row].second, delta);
  bump(planned.rows[planned_row(r.get(Field::PlannedDischargeDate), cut)].second, delta);
  bump(care_plan.rows[code_row({"1", "2", "3", "4", "5", "6", "7"}, r.get(Field::CarePlanStatus))]
           .second,
       delta);
  bump(delayed.rows[flag_row(r.get(Field::DelayedDischarge))].second, delta);
  if (auto dob = core::parse_iso(r.get(Field::DateOfBirth)); dob && core::age_on(*dob, cut) < 25) {
    bump(ehc.rows[flag_row(r.get(Field::EhcPlan))].second, delta);
  }
  auto types = core::split_items(r.get(Field::AdvocacyType));
  if (types.empty()) {
    bump(advocacy.rows[2].second, delta);
  } else {
    bool any = std::any_of(types.begin(), types.end(), [](const auto& t) { return t != "NONE"; });
    bump(advocacy.rows[any ? 0 : 1].second, delta);
  }
  for (const auto& t : types) {
    auto row =
        code_row({"FAMILY_MEMBER", "INDEPENDENT_PERSON", "IMCA", "IMHA", "NON_INSTRUCTED"}, t);
    if (row < advocate_type.rows.size()) {
      bump(advocate_type.rows[row].second, delta);
    }
  }
}

// The tables made from the tally once every episode has been added.
std::vector<SummaryTable> tables_of(Tally& tally, const Period& period);

}  // namespace

struct SummaryWalk::State {
  State(const Period& p, const core::CodeLists& lists) : period(p), tally(p, lists) {}
  const Period& period;
  Tally tally;
  // A person in two open episodes (AT-R015) is one inpatient: the inpatient tables count their
  // latest episode. Each open episode is counted as its person's latest when it comes, and
  // taken back when a later one does. Indexed by `person`, which numbers the people from 0
  // (merge.hpp): a flat table, where a map cost more than the rest of the summary.
  std::vector<const MergedPatient*> latest_open;
};

SummaryWalk::SummaryWalk(const Period& period, const core::CodeLists& lists)
    : state_(std::make_unique<State>(period, lists)) {}

SummaryWalk::~SummaryWalk() = default;
SummaryWalk::SummaryWalk(SummaryWalk&&) noexcept = default;

void SummaryWalk::add(const MergedPatient& p, Membership m) {
  auto& tally = state_->tally;
  const auto& period = state_->period;
  const auto& r = p.record;
  auto admitted = core::parse_iso(r.get(Field::AdmissionDate));
  if (admitted && *admitted >= period.start) {
    ++tally.admissions;
    tally.admission(r, *admitted);
  }
  if (m == Membership::DischargedInPeriod) {
    tally.discharge(r);
    return;
  }
  if (m != Membership::InpatientAtCut) {
    return;
  }
  auto& latest = state_->latest_open;
  if (p.person >= latest.size()) {
    latest.resize(p.person + 1, nullptr);
  }
  if (const auto* before = latest[p.person]; before != nullptr) {
    // Not the person's latest after all: an episode at the cut, but not an inpatient.
    tally.latest(before->record, -1);
    tally.episodes_at_cut += tally.leave_not_counted(before->record) ? 0 : 1;
  }
  tally.latest(r, 1);
  latest[p.person] = &p;
}

std::vector<SummaryTable> SummaryWalk::tables() {
  return tables_of(state_->tally, state_->period);
}

std::vector<SummaryTable> summarise(const std::vector<const MergedPatient*>& in_return,
                                    const Period& period, const core::CodeLists& lists) {
  SummaryWalk walk(period, lists);
  for (const auto* p : in_return) {
    walk.add(*p, membership(p->record, period));
  }
  return walk.tables();
}

namespace {

std::vector<SummaryTable> tables_of(Tally& tally, const Period& period) {
  std::vector<SummaryTable> out;
  out.push_back(
      {"headline",
       "Inpatients and movements in " + period.label,
       {{"Inpatients at the cut", tally.at_cut},
        {"Inpatient episodes at the cut (a person may have two open)", tally.episodes_at_cut},
        {"of whom in hospital since before the month", tally.carried},
        {"of whom on a secure ward", tally.secure},
        {"on extended S17 leave (not counted)", tally.on_leave_not_counted},
        {"Admissions in the month", tally.admissions},
        {"Discharges in the month", tally.discharges},
        {"Transfers out in the month (not discharges)", tally.transfers_out}}});
  out.push_back(std::move(tally.admission_type));
  out.push_back(std::move(tally.admission_planned));
  out.push_back(std::move(tally.dsr));
  out.push_back(std::move(tally.cetr_post));
  out.push_back(std::move(tally.closed));
  out.push_back(tally.los.table("length_of_stay", "Length of stay at the cut (inpatients)"));
  out.push_back(tally.ages.table("age", "Age at the cut (inpatients)"));
  out.push_back(coded("ward_security", "Ward security (inpatients)",
                      {{"0", "General (non-secure)"},
                       {"1", "Low secure"},
                       {"2", "Medium secure"},
                       {"3", "High secure"},
                       {"4", "PICU"}},
                      std::move(tally.security)));
  out.push_back(coded("legal_status", "Mental Health Act status group (inpatients)",
                      {{"Informal", "Informal"},
                       {"Part 2", "Part 2"},
                       {"Part 3 without restrictions", "Part 3 without restrictions"},
                       {"Part 3 with restrictions", "Part 3 with restrictions"},
                       {"Other", "Other"}},
                      std::move(tally.legal)));
  out.push_back(coded("gender", "Gender identity (inpatients)",
                      {{"1", "Male"},
                       {"2", "Female"},
                       {"3", "Non-binary"},
                       {"4", "Other"},
                       {"Z", "Not stated"},
                       {"X", "Not known"}},
                      std::move(tally.gender)));
  out.push_back(coded("category", "Learning disability / autism (inpatients)",
                      {{"1", "Learning disability only"},
                       {"2", "Learning disability and autism"},
                       {"3", "Autism only"}},
                      std::move(tally.category)));
  out.push_back(coded("provider", "Provider (inpatients)", {}, std::move(tally.provider)));
  for (auto* t : {&tally.distance, &tally.cetr, &tally.planned, &tally.care_plan, &tally.delayed,
                  &tally.s17, &tally.ehc, &tally.advocacy, &tally.advocate_type}) {
    out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace
}  // namespace atpipe::transforms
