#include <catch2/catch.hpp>

#include "config/code_lists_loader.hpp"
#include "transforms/summary/summary.hpp"

using namespace atpipe;
using core::Field;

namespace {

transforms::MergedPatient patient(std::string admitted, std::string discharged, std::string mha,
                                  std::string dob = "1990-01-01") {
  // Each call is a different person, as merge numbers them.
  static std::size_t next_person = 0;
  transforms::MergedPatient p;
  p.person = ++next_person;
  p.record.set(Field::AdmissionDate, std::move(admitted));
  p.record.set(Field::DischargeDate, std::move(discharged));
  p.record.set(Field::MhaLegalStatus, std::move(mha));
  p.record.set(Field::DateOfBirth, std::move(dob));
  p.record.set(Field::WardSecurity, "1");
  return p;
}

std::size_t count(const std::vector<transforms::SummaryTable>& tables, const std::string& table,
                  const std::string& label) {
  for (const auto& t : tables) {
    if (t.name != table) {
      continue;
    }
    for (const auto& [l, n] : t.rows) {
      if (l == label) {
        return n;
      }
    }
  }
  FAIL("no row " << table << " / " << label);
  return 0;
}

}  // namespace

TEST_CASE("summary counts movements, bands and groups at the cut", "[unit][summary]") {
  auto period = *transforms::period_from_label("2026-10");
  std::vector<transforms::MergedPatient> ps = {
      patient("2026-10-28", "", "03"),              // 3 days at the cut: 0-3 days, admission
      patient("2026-10-27", "", "37"),              // 4 days: 4-7 days; 37 is "Other"
      patient("2016-10-31", "", "09"),              // 3652 days: 5-10 years; restricted
      patient("2016-10-30", "", "", "2010-01-01"),  // 3653 days: 10+; missing = informal; 16
      patient("2020-01-01", "2026-10-15", "03"),    // discharged in the month
  };
  std::vector<const transforms::MergedPatient*> in;
  for (const auto& p : ps) {
    in.push_back(&p);
  }
  auto tables = transforms::summarise(in, period, config::default_code_lists());
  CHECK(count(tables, "headline", "Inpatients at the cut") == 4);
  CHECK(count(tables, "headline", "Admissions in the month") == 2);
  CHECK(count(tables, "headline", "Discharges in the month") == 1);
  CHECK(count(tables, "headline", "of whom in hospital since before the month") == 2);
  CHECK(count(tables, "length_of_stay", "0-3 days") == 1);
  CHECK(count(tables, "length_of_stay", "4-7 days") == 1);
  CHECK(count(tables, "length_of_stay", "5-10 years") == 1);
  CHECK(count(tables, "length_of_stay", "10 years and over") == 1);
  CHECK(count(tables, "legal_status", "Part 2") == 1);
  CHECK(count(tables, "legal_status", "Other") == 1);
  CHECK(count(tables, "legal_status", "Part 3 with restrictions") == 1);
  CHECK(count(tables, "legal_status", "Informal") == 1);
  CHECK(count(tables, "age", "Under 18") == 1);
  CHECK(count(tables, "age", "35-44") == 3);
  CHECK(count(tables, "ward_security", "Low secure") == 4);
}

namespace {

using Values = std::vector<std::pair<Field, std::string>>;

transforms::MergedPatient with(std::string admitted, std::string discharged, const Values& values) {
  auto p = patient(std::move(admitted), std::move(discharged), "03", "1980-01-01");
  p.record.set(Field::WardSecurity, "0");
  for (const auto& [field, value] : values) {
    p.record.set(field, value);
  }
  return p;
}

std::vector<transforms::SummaryTable> summarise_all(
    const std::vector<transforms::MergedPatient>& ps, const std::string& label) {
  std::vector<const transforms::MergedPatient*> in;
  for (const auto& p : ps) {
    in.push_back(&p);
  }
  return transforms::summarise(in, *transforms::period_from_label(label),
                               config::default_code_lists());
}

// Cut 2026-10-31. Inpatients A-G (F on extended S17 leave, not counted), M admitted on the
// cut day; H-L leave in the month. Boundaries: exactly 10 km, a C(E)TR exactly 6 and exactly
// 12 months before the cut, planned discharge on the cut day, 365 and 1827 days after it,
// ages 24 and 25 at the cut.
std::vector<transforms::MergedPatient> month_of_records() {
  return {
      with("2026-10-10", "",  // A
           {{Field::AdmissionType, "FIRST"},
            {Field::AdmissionPlanned, "1"},
            {Field::DsrBeforeAdmission, "Y"},
            {Field::CetrPostAdmissionDate, "2026-10-20"},
            {Field::DistanceFromHomeKm, "10.0"},
            {Field::PlannedDischargeDate, "2026-10-31"},
            {Field::CarePlanStatus, "3"},
            {Field::DelayedDischarge, "N"},
            {Field::DateOfBirth, "2003-11-01"},
            {Field::EhcPlan, "Y"},
            {Field::AdvocacyType, "IMHA"},
            {Field::S17ExtendedLeave, "N"},
            {Field::WardSecurity, "1"}}),
      with("2020-01-01", "",  // B
           {{Field::DistanceFromHomeKm, "10.1"},
            {Field::LastCetrDate, "2026-04-30"},
            {Field::PlannedDischargeDate, "2026-10-30"},
            {Field::CarePlanStatus, "6"},
            {Field::DelayedDischarge, "Y"},
            {Field::AdvocacyType, "NONE"},
            {Field::S17ExtendedLeave, "NK"}}),
      with("2019-05-05", "",  // C
           {{Field::LastCetrDate, "2026-04-29"},
            {Field::PlannedDischargeDate, "2027-01-31"},
            {Field::DateOfBirth, "2002-10-31"},
            {Field::AdvocacyType, "IMCA;IMHA"},
            {Field::WardSecurity, "2"}}),
      with("2018-01-01", "",  // D
           {{Field::DistanceFromHomeKm, "100.0"},
            {Field::CetrHistory, "2024-01-01|CTR|2;2025-10-31|CTR|1"},
            {Field::LastCetrDate, "2026-11-15"},
            {Field::CarePlanStatus, "7"},
            {Field::DelayedDischarge, "Y"},
            {Field::DateOfBirth, "2001-11-01"},
            {Field::EhcPlan, "N"},
            {Field::WardSecurity, "4"}}),
      with("2017-01-01", "",  // E
           {{Field::DistanceFromHomeKm, "100.1"},
            {Field::CetrHistory, "2025-10-30|CTR|1"},
            {Field::PlannedDischargeDate, "2031-11-01"},
            {Field::CarePlanStatus, "2"},
            {Field::DelayedDischarge, "N"},
            {Field::DateOfBirth, "2001-10-31"},
            {Field::WardSecurity, "3"}}),
      with("2016-01-01", "",  // F
           {{Field::S17ExtendedLeave, "Y"}, {Field::WardSecurity, "1"}}),
      with("2015-01-01", "",  // G
           {{Field::DistanceFromHomeKm, "25.0"},
            {Field::PlannedDischargeDate, "2027-10-31"},
            {Field::CarePlanStatus, "2"},
            {Field::DelayedDischarge, "N"},
            {Field::AdvocacyType, "FAMILY_MEMBER"}}),
      with("2026-10-31", "",  // M
           {{Field::AdmissionType, "TRANSFER"},
            {Field::AdmissionPlanned, "9"},
            {Field::DsrBeforeAdmission, "NK"},
            {Field::CetrPostAdmissionDate, "2026-11-02"}}),
      with("2026-10-05", "2026-10-20",  // H
           {{Field::AdmissionType, "READMIT_12M"},
            {Field::AdmissionPlanned, "2"},
            {Field::DsrBeforeAdmission, "N"},
            {Field::CetrPreAdmissionDate, "2026-10-01"},
            {Field::DischargeDestination, "1"}}),
      with("2024-01-01", "2026-10-15", {{Field::DischargeDestination, "8"}}),   // I
      with("2024-01-01", "2026-10-02", {{Field::DischargeDestination, "12"}}),  // J
      with("2024-01-01", "2026-10-03", {{Field::DischargeDestination, "15"}}),  // K
      with("2024-01-01", "2026-10-04", {}),                                     // L
  };
}

}  // namespace

TEST_CASE("summary headline leaves out extended S17 leave and transfers", "[unit][summary]") {
  auto tables = summarise_all(month_of_records(), "2026-10");
  CHECK(count(tables, "headline", "Inpatients at the cut") == 7);
  CHECK(count(tables, "headline", "of whom in hospital since before the month") == 5);
  CHECK(count(tables, "headline", "of whom on a secure ward") == 3);
  CHECK(count(tables, "headline", "on extended S17 leave (not counted)") == 1);
  CHECK(count(tables, "headline", "Admissions in the month") == 3);
  CHECK(count(tables, "headline", "Discharges in the month") == 4);
  CHECK(count(tables, "headline", "Transfers out in the month (not discharges)") == 1);
  CHECK(count(tables, "s17_leave", "On extended S17 leave") == 1);
  CHECK(count(tables, "s17_leave", "Not on extended S17 leave") == 1);
  CHECK(count(tables, "s17_leave", "Not known") == 1);
  CHECK(count(tables, "s17_leave", "Not recorded") == 5);
}

TEST_CASE("summary counts extended S17 leave as inpatients before the November 2024 cut",
          "[unit][summary]") {
  auto before = summarise_all(month_of_records(), "2024-10");
  CHECK(count(before, "headline", "on extended S17 leave (not counted)") == 0);
  CHECK(count(before, "headline", "Inpatients at the cut") == 10);  // B-G and I-L then
  auto from = summarise_all(month_of_records(), "2024-11");
  CHECK(count(from, "headline", "on extended S17 leave (not counted)") == 1);
  CHECK(count(from, "headline", "Inpatients at the cut") == 9);
}

TEST_CASE("summary splits admissions and discharges by their codes", "[unit][summary]") {
  auto tables = summarise_all(month_of_records(), "2026-10");
  CHECK(count(tables, "admission_type", "First admission") == 1);
  CHECK(count(tables, "admission_type", "Readmission within 12 months") == 1);
  CHECK(count(tables, "admission_type", "Transfer") == 1);
  CHECK(count(tables, "admission_type", "Not recorded") == 0);
  CHECK(count(tables, "admission_planned", "Planned") == 1);
  CHECK(count(tables, "admission_planned", "Unplanned") == 1);
  CHECK(count(tables, "admission_planned", "Not known") == 1);
  CHECK(count(tables, "admission_planned", "Not recorded") == 0);
  CHECK(count(tables, "dsr_before_admission", "Yes") == 1);
  CHECK(count(tables, "dsr_before_admission", "No") == 1);
  CHECK(count(tables, "dsr_before_admission", "Not known") == 1);
  CHECK(count(tables, "dsr_before_admission", "Not recorded") == 0);
  // H's only C(E)TR was before admission, M's is after the cut.
  CHECK(count(tables, "cetr_post_admission", "Held") == 1);
  CHECK(count(tables, "cetr_post_admission", "Not held") == 2);
  CHECK(count(tables, "discharge_reason", "Back into the community") == 1);
  CHECK(count(tables, "discharge_reason", "Died") == 1);
  CHECK(count(tables, "discharge_reason", "Other discharge") == 1);
  CHECK(count(tables, "discharge_reason", "Reason not recorded") == 1);
  CHECK(count(tables, "discharge_reason",
              "Transfer to another MH or LD bed (not a discharge from hospital)") == 1);
}

TEST_CASE("summary bands distance, C(E)TR and planned discharge at their edges",
          "[unit][summary]") {
  auto tables = summarise_all(month_of_records(), "2026-10");
  CHECK(count(tables, "distance_from_home", "0-10 km") == 1);  // exactly 10 km
  CHECK(count(tables, "distance_from_home", "11-20 km") == 1);
  CHECK(count(tables, "distance_from_home", "21-50 km") == 1);
  CHECK(count(tables, "distance_from_home", "51-100 km") == 1);  // exactly 100 km
  CHECK(count(tables, "distance_from_home", "Over 100 km") == 1);
  CHECK(count(tables, "distance_from_home", "Unknown") == 2);
  // B exactly 6 months before the cut (30 April), D exactly 12 (a later date is after the cut).
  CHECK(count(tables, "cetr_coverage", "Within the last 6 months") == 2);
  CHECK(count(tables, "cetr_coverage", "6 to 12 months ago") == 2);
  CHECK(count(tables, "cetr_coverage", "Over 12 months ago") == 1);
  CHECK(count(tables, "cetr_coverage", "No C(E)TR recorded") == 2);
  CHECK(count(tables, "planned_discharge", "Overdue") == 1);
  CHECK(count(tables, "planned_discharge", "0-3 months") == 1);   // on the cut day
  CHECK(count(tables, "planned_discharge", "3-6 months") == 1);   // 92 days
  CHECK(count(tables, "planned_discharge", "6-12 months") == 1);  // 365 days
  CHECK(count(tables, "planned_discharge", "1-2 years") == 0);
  CHECK(count(tables, "planned_discharge", "2-5 years") == 0);
  CHECK(count(tables, "planned_discharge", "5 years and over") == 1);  // 1827 days
  CHECK(count(tables, "planned_discharge", "No planned date") == 2);
}

TEST_CASE("summary counts care plans, delays, EHC plans and advocacy of inpatients",
          "[unit][summary]") {
  auto tables = summarise_all(month_of_records(), "2026-10");
  CHECK(count(tables, "care_plan_status", "2 Active treatment, no discharge plan") == 2);
  CHECK(count(tables, "care_plan_status", "3 Working towards discharge, plan in place") == 1);
  CHECK(count(tables, "care_plan_status", "6 Delayed transfer of care, no community option") == 1);
  CHECK(count(tables, "care_plan_status",
              "7 Clinically ready, legal restrictions prevent discharge") == 1);
  CHECK(count(tables, "care_plan_status", "Not recorded") == 2);
  CHECK(count(tables, "delayed_discharge", "Yes") == 2);
  CHECK(count(tables, "delayed_discharge", "No") == 3);
  CHECK(count(tables, "delayed_discharge", "Not recorded") == 2);
  // Under 25 at the cut: A (22), C and D (24); E turned 25 on the cut day.
  CHECK(count(tables, "ehc_plan", "Yes") == 1);
  CHECK(count(tables, "ehc_plan", "No") == 1);
  CHECK(count(tables, "ehc_plan", "Not known") == 0);
  CHECK(count(tables, "ehc_plan", "Not recorded") == 1);
  CHECK(count(tables, "advocacy", "Has an advocate") == 3);
  CHECK(count(tables, "advocacy", "No advocate") == 1);
  CHECK(count(tables, "advocacy", "Not recorded") == 3);
  CHECK(count(tables, "advocate_type", "Independent advocate: family member") == 1);
  CHECK(count(tables, "advocate_type", "IMCA") == 1);
  CHECK(count(tables, "advocate_type", "IMHA") == 2);
  CHECK(count(tables, "advocate_type", "Non-instructed advocacy") == 0);
}

TEST_CASE("summary CSV says its counts are not rounded", "[unit][summary]") {
  auto period = *transforms::period_from_label("2026-10");
  auto csv = transforms::render_summary_csv(summarise_all(month_of_records(), "2026-10"), period);
  CHECK(csv.rfind("# Exact local counts: publication rounding", 0) == 0);
  CHECK(csv.find("\nPeriod,Table,Category,Count\n") != std::string::npos);
  CHECK(csv.find("2026-10,distance_from_home,0-10 km,1\n") != std::string::npos);
}

TEST_CASE("summary counts a person in two open episodes once, and both episodes",
          "[unit][summary]") {
  auto period = *transforms::period_from_label("2026-10");
  // One person moved between sites without the first episode being closed (AT-R015); the
  // latest episode is the one the inpatient tables describe.
  auto older = patient("2025-03-10", "", "03");
  auto newer = patient("2026-08-19", "", "37");
  newer.person = older.person;
  older.record.set(Field::WardSecurity, "2");
  auto other = patient("2026-01-01", "", "03");
  std::vector<const transforms::MergedPatient*> in = {&older, &newer, &other};
  auto tables = transforms::summarise(in, period, config::default_code_lists());
  CHECK(count(tables, "headline", "Inpatients at the cut") == 2);
  CHECK(count(tables, "headline", "Inpatient episodes at the cut (a person may have two open)") ==
        3);
  CHECK(count(tables, "ward_security", "Low secure") == 2);
  CHECK(count(tables, "ward_security", "Medium secure") == 0);
  CHECK(count(tables, "legal_status", "Other") == 1);
  CHECK(count(tables, "length_of_stay", "1-2 years") == 0);  // the older episode's stay

  // The CSV shows both counts.
  auto csv = transforms::render_summary_csv(tables, period);
  CHECK(csv.find("2026-10,headline,Inpatients at the cut,2\n") != std::string::npos);
  CHECK(csv.find("2026-10,headline,Inpatient episodes at the cut (a person may have two "
                 "open),3\n") != std::string::npos);
}

TEST_CASE("summary lists known codes first, then other codes in order, then not recorded",
          "[unit][summary]") {
  auto period = *transforms::period_from_label("2026-10");
  std::vector<transforms::MergedPatient> ps;
  for (const char* security : {"9", "", "1", "7", "9", "1", ""}) {
    auto p = patient("2026-01-01", "", "03");
    p.record.set(Field::WardSecurity, security);
    p.record.set(Field::ProviderCode, std::string(security) + "P");
    ps.push_back(std::move(p));
  }
  std::vector<const transforms::MergedPatient*> in;
  for (const auto& p : ps) {
    in.push_back(&p);
  }
  auto tables = transforms::summarise(in, period, config::default_code_lists());
  const transforms::SummaryTable* security = nullptr;
  const transforms::SummaryTable* provider = nullptr;
  for (const auto& t : tables) {
    security = t.name == "ward_security" ? &t : security;
    provider = t.name == "provider" ? &t : provider;
  }
  REQUIRE(security != nullptr);
  REQUIRE(provider != nullptr);
  using Rows = std::vector<std::pair<std::string, std::size_t>>;
  CHECK(security->rows == Rows{{"General (non-secure)", 0},
                               {"Low secure", 2},
                               {"Medium secure", 0},
                               {"High secure", 0},
                               {"PICU", 0},
                               {"7", 1},
                               {"9", 2},
                               {"Not recorded", 2}});
  CHECK(provider->rows == Rows{{"1P", 2}, {"7P", 1}, {"9P", 2}, {"P", 2}});
  CHECK(count(tables, "legal_status", "Part 2") == 7);
}
