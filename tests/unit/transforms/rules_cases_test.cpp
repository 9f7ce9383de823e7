#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/validate/rules.hpp"

// Every at-spec §6.1 rule checked on records, one row per way of breaking it: a base that
// satisfies everything, an optional `setup` that keeps the rule satisfied while preparing the
// ground (a readmission, leave, a delay), and a `change` that breaks it. Rules checked by other
// parts of atpipe are listed in kCheckedElsewhere with the test that covers them.

using namespace atpipe;
using core::Field;
using core::Record;
using core::Severity;
using test::d;

namespace {

// v4 cases run at the October 2026 cut, v3 cases at the January 2024 one.
transforms::RuleContext v4_ctx(config::SourceRole role = config::SourceRole::At) {
  return {d(2026, 11, 5), d(2026, 10, 31), role};
}
transforms::RuleContext v3_ctx(config::SourceRole role = config::SourceRole::At) {
  return {d(2024, 2, 5), d(2024, 1, 31), role};
}

// An adult inpatient on a low secure ward at 2026-10-31, admitted (planned) in June 2025.
Record v4_record() {
  Record r;
  r.set(Field::LocalId, "NHFT000001");
  r.set(Field::SpecVersion, "4");
  r.set(Field::NhsNumber, "9434765919");
  r.set(Field::DateOfBirth, "1990-05-17");
  r.set(Field::GenderIdentity, "1");
  r.set(Field::SexAtBirth, "1");
  r.set(Field::PostcodeHome, "NN1 5BD");
  r.set(Field::EthnicCategory, "A");
  r.set(Field::CommissionerCode, "QPM");
  r.set(Field::OriginatingCommissionerCode, "78H");
  r.set(Field::CommissioningArrangement, "CCG");
  r.set(Field::ProviderCode, "RP1");
  r.set(Field::ProviderSiteCode, "RP101");
  r.set(Field::LdaCategory, "1");
  r.set(Field::DiagnosisOnAdmission, "2");
  r.set(Field::DiagnosisSinceAdmission, "NONE");
  r.set(Field::AdmissionDate, "2025-06-10");
  r.set(Field::AdmissionSource, "19");
  r.set(Field::AdmissionSourcePostcode, "NN1 5BD");
  r.set(Field::AdmissionType, "FIRST");
  r.set(Field::AdmissionPlanned, "1");
  r.set(Field::AdmissionReason, "HARM_TO_SELF;MENTAL_DISORDER");
  r.set(Field::DsrBeforeAdmission, "Y");
  r.set(Field::MhaLegalStatus, "03");
  r.set(Field::S17ExtendedLeave, "N");
  r.set(Field::CriminalJustice, "N");
  r.set(Field::BedType, "116");
  r.set(Field::WardSecurity, "1");
  r.set(Field::CetrPreAdmissionDate, "2025-06-01");
  r.set(Field::CetrPreAdmissionOutcome, "4");
  r.set(Field::CetrPostAdmissionDate, "2025-06-20");
  r.set(Field::CetrPostAdmissionOutcome, "1");
  r.set(Field::LastCetrDate, "2026-08-15");
  r.set(Field::LastCetrType, "CTR");
  r.set(Field::LastCetrOutcome, "1");
  r.set(Field::CetrHistory, "2025-06-01|CTR|4;2025-06-20|CTR|1;2026-08-15|CTR|1");
  r.set(Field::LastCarePlanReview, "2026-09-01");
  r.set(Field::OversightVisitLastDate, "2026-10-01");
  r.set(Field::AdvocacyType, "IMHA");
  r.set(Field::FamilyInvolved, "1");
  r.set(Field::NamedCareCoordinator, "Y");
  r.set(Field::EhcPlan, "N");
  r.set(Field::NamedKeyworker, "Y");
  r.set(Field::OutOfAreaReasons, "CLOSER_TO_FAMILY");
  r.set(Field::CarePlanStatus, "3");
  r.set(Field::PlannedTransferTo, "2");
  r.set(Field::PlannedTransferPostcode, "NN2 6AB");
  r.set(Field::PlannedDischargeDate, "2027-01-31");
  r.set(Field::DischargePlanAgreement, "PATIENT;PROVIDER_CLINICAL_TEAM");
  r.set(Field::CtoDischargeConsidered, "N");
  r.set(Field::DelayedDischarge, "N");
  r.set(Field::DistanceFromHomeKm, "12.5");
  r.set(Field::LastUpdated, "2026-10-20");
  return r;
}

// An adult inpatient on a general ward at 2024-01-31, admitted (unplanned) in March 2023.
Record v3_record() {
  Record r = v4_record();
  r.set(Field::SpecVersion, "3");
  r.set(Field::GenderIdentity, "");
  r.set(Field::GenderV3, "1");
  r.set(Field::DateOfBirth, "1995-02-01");
  r.set(Field::BedType, "");
  r.set(Field::WardType, "2");
  r.set(Field::WardSecurity, "0");
  r.set(Field::AdmissionDate, "2023-03-10");
  r.set(Field::AdmissionPlanned, "2");
  r.set(Field::CetrPreAdmissionDate, "");
  r.set(Field::CetrPreAdmissionOutcome, "");
  r.set(Field::CetrPostAdmissionDate, "2023-03-20");
  r.set(Field::LastCetrDate, "2023-11-20");
  r.set(Field::CetrHistory, "2023-03-20|CTR|1;2023-11-20|CTR|1");
  r.set(Field::LastCarePlanReview, "2023-12-01");
  r.set(Field::OversightVisitLastDate, "2024-01-10");
  r.set(Field::PlannedDischargeDate, "2024-06-30");
  r.set(Field::LastUpdated, "2024-01-15");
  return r;
}

// One person at the v4 cut: a stay closed on 2025-03-01 (back home), then the v4 record as a
// readmission within 12 months.
std::vector<Record> person() {
  Record first = v4_record();
  first.set(Field::LocalId, "NHFT000000");
  first.set(Field::AdmissionDate, "2024-09-01");
  first.set(Field::DischargeDate, "2025-03-01");
  first.set(Field::DischargeDestination, "1");
  first.set(Field::LastUpdated, "2025-03-02");
  Record second = v4_record();
  second.set(Field::AdmissionType, "READMIT_12M");
  return {first, second};
}

enum class Stage { Row, Episode, Person };
enum class Base { V4, V3, Person };
using Edit = std::function<void(std::vector<Record>&)>;

struct Case {
  std::string rule;
  Stage stage;
  Base base;
  Edit change;
  Edit setup = {};
  std::size_t episode = 0;  // the episode that must carry the finding (Person stage)
  config::SourceRole role = config::SourceRole::At;
  std::optional<Severity> severity = std::nullopt;  // default: the rule table's
};

// Sets fields of the first episode (or of `episode`).
Edit set(std::initializer_list<std::pair<Field, std::string>> values, std::size_t episode = 0) {
  std::vector<std::pair<Field, std::string>> v(values);
  return [v, episode](std::vector<Record>& eps) {
    for (const auto& [f, value] : v) {
      eps.at(episode).set(f, value);
    }
  };
}

std::vector<Record> build(Base base) {
  switch (base) {
    case Base::V4:
      return {v4_record()};
    case Base::V3:
      return {v3_record()};
    case Base::Person:
      return person();
  }
  return {};
}

void run(Stage stage, Base base, config::SourceRole role, std::vector<Record>& eps) {
  auto ctx = base == Base::V3 ? v3_ctx(role) : v4_ctx(role);
  switch (stage) {
    case Stage::Row:
      transforms::validate_record(eps.at(0), ctx);
      return;
    case Stage::Episode:
      transforms::validate_patient(eps.at(0), ctx);
      return;
    case Stage::Person: {
      std::vector<Record*> ptrs;
      for (auto& e : eps) {
        ptrs.push_back(&e);
      }
      transforms::validate_person(ptrs, ctx);
      return;
    }
  }
}

std::vector<const core::Finding*> findings_of(const std::vector<Record>& eps,
                                              std::string_view rule) {
  std::vector<const core::Finding*> out;
  for (const auto& e : eps) {
    for (const auto& f : e.findings) {
      if (f.rule == rule) {
        out.push_back(&f);
      }
    }
  }
  return out;
}

// Short names for the table.
constexpr auto Row = Stage::Row;
constexpr auto Patient = Stage::Episode;
constexpr auto Person = Stage::Person;

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      // Stage 1: values a source row has.
      {"AT-R001", Row, Base::V4, set({{Field::LocalId, ""}})},
      {"AT-R002", Row, Base::V4, set({{Field::SpecVersion, "5"}})},
      {"AT-R010", Row, Base::V4, set({{Field::NhsNumber, ""}})},
      {"AT-R011", Row, Base::V4, set({{Field::NhsNumber, "943476591"}})},
      {"AT-R012", Row, Base::V4, set({{Field::NhsNumber, "9991234560"}})},
      {"AT-R013", Row, Base::V4, set({{Field::NhsNumber, "9434765918"}})},
      {"AT-R013",
       Row,
       Base::V4,
       set({{Field::NhsNumber, "9434765918"}}),
       {},
       0,
       config::SourceRole::Census,
       Severity::Warning},
      {"AT-R014", Row, Base::V4, set({{Field::NhsNumber, "9990000018"}})},
      {"AT-R023", Row, Base::V4, set({{Field::DateOfBirth, "2027-01-01"}})},
      {"AT-R031", Row, Base::V4, set({{Field::PostcodeHome, "NN1 BD5"}})},
      {"AT-R031", Row, Base::V4, set({{Field::PlannedTransferPostcode, "NN2 A6B"}})},
      {"AT-R040", Row, Base::V3, set({{Field::GenderV3, "7"}})},
      {"AT-R041", Row, Base::V4, set({{Field::GenderIdentity, "9"}})},
      {"AT-R042", Row, Base::V4, set({{Field::SexAtBirth, "3"}})},
      {"AT-R043", Row, Base::V4, set({{Field::EthnicCategory, "I"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::CommissioningArrangement, "LA"}})},
      {"AT-R051", Row, Base::V4, set({{Field::CommissionerCode, "QPMX"}})},
      {"AT-R051", Row, Base::V4, set({{Field::OriginatingCommissionerCode, "7"}})},
      {"AT-R052", Row, Base::V4, set({{Field::ProviderCode, "X1"}})},
      {"AT-R053", Row, Base::V4, set({{Field::ProviderSiteCode, "RP10"}})},
      {"AT-R060", Row, Base::V4, set({{Field::LdaCategory, "5"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::DiagnosisOnAdmission, "12"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::DiagnosisSinceAdmission, "ADHD"}})},
      {"AT-R071", Row, Base::V4, set({{Field::AdmissionDate, "2026-11-06"}})},
      {"AT-R074", Row, Base::V4, set({{Field::AdmissionSource, "98"}})},
      {"AT-R074", Row, Base::V3, set({{Field::AdmissionSource, "40"}})},  // v4 list only
      {"AT-R075", Row, Base::V4, set({{Field::AdmissionType, "SECOND"}})},
      {"AT-R076", Row, Base::V4, set({{Field::AdmissionPlanned, "3"}})},
      {"AT-R077", Row, Base::V4, set({{Field::AdmissionReason, "HARM_TO_SELF;BOREDOM"}})},
      {"AT-R080", Row, Base::V4, set({{Field::MhaLegalStatus, "11"}})},
      {"AT-R090", Row, Base::V4, set({{Field::BedType, "135"}})},
      {"AT-R090", Row, Base::V3, set({{Field::WardType, "7"}})},
      {"AT-R091", Row, Base::V4, set({{Field::WardSecurity, "5"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::CetrPreAdmissionOutcome, "0"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::CetrPostAdmissionOutcome, "10"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::LastCetrType, "REVIEW"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::LastCetrOutcome, "0"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::CetrHistory, "2025-06-01|CTR|4;2026-08-15|X|1"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::CetrHistory, "2025-06-01|CTR|44"}})},
      {"AT-R120", Row, Base::V4, set({{Field::AdvocacyType, "IMHA;SOMETIMES"}})},
      {"ATP-V002",
       Row,
       Base::V4,
       set({{Field::FamilyInvolved, "7"}}),
       {},
       0,
       config::SourceRole::At,
       Severity::Warning},
      {"ATP-V002", Row, Base::V4, set({{Field::OutOfAreaReasons, "NOWHERE"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::PlannedTransferTo, "99"}})},
      {"ATP-V002", Row, Base::V4, set({{Field::DischargePlanAgreement, "PATIENT;NOBODY"}})},
      {"ATP-V004", Row, Base::V4, set({{Field::DelayReason, "A2;B1;C1;D1"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::DelayReason, "HEALTH_FUNDING"}})},  // v3 code
      {"ATP-V001", Row, Base::V4, set({{Field::CarePlanStatus, "8"}})},
      {"AT-R141", Row, Base::V4,
       set({{Field::DischargeDate, "2026-11-06"}, {Field::DischargeDestination, "1"}})},
      {"ATP-V001", Row, Base::V4, set({{Field::DischargeDestination, "18"}})},
      {"ATP-M004", Row, Base::V4, set({{Field::S17ExtendedLeave, "YES"}})},

      // Stage 2: the merged episode, missing items and cross-field order.
      {"AT-R001", Patient, Base::V4, set({{Field::LocalId, ""}})},
      {"AT-R002", Patient, Base::V4, set({{Field::SpecVersion, ""}})},
      {"AT-R002", Patient, Base::V3, set({{Field::LastUpdated, "2024-04-02"}})},
      {"AT-R002", Patient, Base::V4,
       set({{Field::SpecVersion, "3"}, {Field::GenderV3, "1"}, {Field::WardType, "2"}})},
      {"AT-R020", Patient, Base::V4, set({{Field::DateOfBirth, ""}})},
      {"AT-R021", Patient, Base::V4, set({{Field::DateOfBirth, "2025-07-01"}})},
      {"AT-R072", Patient, Base::V4, set({{Field::AdmissionDate, "1985-06-10"}})},
      {"AT-R022", Patient, Base::V4, set({{Field::DateOfBirth, "1920-01-01"}})},
      {"AT-R022", Patient, Base::V4, set({{Field::DateOfBirth, "2021-01-01"}})},
      {"AT-R030", Patient, Base::V4, set({{Field::PostcodeHome, ""}})},
      {"AT-R040", Patient, Base::V3, set({{Field::GenderV3, ""}})},
      {"AT-R041", Patient, Base::V4, set({{Field::GenderIdentity, ""}})},
      {"AT-R043", Patient, Base::V4, set({{Field::EthnicCategory, ""}})},
      {"AT-R050", Patient, Base::V4, set({{Field::CommissionerCode, ""}})},
      {"ATP-V003", Patient, Base::V4, set({{Field::OriginatingCommissionerCode, ""}})},
      {"ATP-V003", Patient, Base::V4, set({{Field::CommissioningArrangement, ""}})},
      {"AT-R052", Patient, Base::V4, set({{Field::ProviderCode, ""}})},
      {"AT-R053", Patient, Base::V4, set({{Field::ProviderSiteCode, ""}})},
      {"AT-R054", Patient, Base::V4, set({{Field::ProviderSiteCode, "RX101"}})},
      {"AT-R060", Patient, Base::V4, set({{Field::LdaCategory, ""}})},
      {"AT-R061", Patient, Base::V4, set({{Field::AdmissionDate, ""}}),
       set({{Field::DiagnosisSinceAdmission, "LD"}, {Field::LdDiagnosisDate, "2025-09-01"}})},
      {"AT-R062", Patient, Base::V4, set({{Field::DischargeDestination, "1"}}),
       set({{Field::LdaCategory, "4"},
            {Field::DischargeDate, "2026-09-01"},
            {Field::DischargeDestination, "14"}})},
      {"AT-R062", Patient, Base::V4, set({{Field::LdaCategory, "4"}})},
      {"AT-R063", Patient, Base::V4, set({{Field::AutismDiagnosisDate, ""}}),
       set({{Field::DiagnosisSinceAdmission, "AUT"}, {Field::AutismDiagnosisDate, "2025-09-01"}})},
      {"AT-R063", Patient, Base::V4, set({{Field::AutismDiagnosisDate, "2026-11-01"}}),
       set({{Field::DiagnosisSinceAdmission, "AUT"}, {Field::AutismDiagnosisDate, "2025-09-01"}})},
      {"AT-R063", Patient, Base::V4, set({{Field::LdDiagnosisDate, "1980-01-01"}}),
       set({{Field::DiagnosisSinceAdmission, "BOTH"},
            {Field::LdDiagnosisDate, "2025-09-01"},
            {Field::AutismDiagnosisDate, "2025-09-01"}})},
      {"AT-R070", Patient, Base::V4, set({{Field::AdmissionDate, ""}})},
      {"AT-R073", Patient, Base::V4,
       set({{Field::DateOfBirth, "1950-01-01"}, {Field::AdmissionDate, "1969-12-31"}})},
      {"AT-R074", Patient, Base::V4, set({{Field::AdmissionSource, ""}})},
      {"AT-R075", Patient, Base::V4, set({{Field::AdmissionType, ""}})},
      {"AT-R076", Patient, Base::V4, set({{Field::AdmissionPlanned, ""}})},
      {"AT-R077", Patient, Base::V3, set({{Field::AdmissionReason, ""}})},
      {"AT-R078", Patient, Base::V4, set({{Field::DsrBeforeAdmission, ""}})},
      {"AT-R080", Patient, Base::V4, set({{Field::MhaLegalStatus, ""}})},
      {"AT-R081", Patient, Base::V4, set({{Field::DischargeDate, ""}}),
       set({{Field::MhaLegalStatus, "98"},
            {Field::DischargeDate, "2026-09-01"},
            {Field::DischargeDestination, "1"}})},
      {"AT-R082", Patient, Base::V4,
       set({{Field::S17ExtendedLeave, "Y"}, {Field::MhaLegalStatus, "01"}})},
      {"AT-R083", Patient, Base::V4, set({{Field::DischargeDate, ""}}),
       set({{Field::S17ExtendedLeave, "Y"},
            {Field::DischargeDate, "2026-09-01"},
            {Field::DischargeDestination, "15"}})},
      {"AT-R090", Patient, Base::V4, set({{Field::BedType, ""}})},
      {"AT-R090", Patient, Base::V3, set({{Field::WardType, ""}})},
      {"AT-R091", Patient, Base::V4, set({{Field::WardSecurity, ""}})},
      {"AT-R092", Patient, Base::V4, set({{Field::WardSecurity, "0"}, {Field::BedType, "115"}}),
       set({{Field::CommissioningArrangement, "SC"}})},
      // v3 has no bed type: an under-18 stands in for a CAMHS bed.
      {"AT-R092", Patient, Base::V3, set({{Field::DateOfBirth, "1995-02-01"}}),
       set({{Field::DateOfBirth, "2008-01-01"}, {Field::CommissioningArrangement, "PC"}})},
      {"AT-R092", Patient, Base::V3, set({{Field::CommissioningArrangement, "PC"}})},
      {"AT-R093", Patient, Base::V4, set({{Field::WardSecurity, "2"}})},
      {"AT-R093", Patient, Base::V4, set({{Field::WardSecurity, "0"}})},
      {"AT-R093", Patient, Base::V4, set({{Field::WardSecurity, "4"}, {Field::BedType, "110"}}),
       set({{Field::WardSecurity, "4"}, {Field::BedType, "134"}})},
      {"AT-R100", Patient, Base::V4, set({{Field::CetrPreAdmissionDate, ""}})},
      {"AT-R101", Patient, Base::V4, set({{Field::CetrPreAdmissionDate, "2025-06-11"}})},
      {"AT-R102", Patient, Base::V4, set({{Field::CetrPreAdmissionOutcome, ""}})},
      {"AT-R103", Patient, Base::V4, set({{Field::CetrPostAdmissionDate, "2025-06-09"}})},
      {"AT-R104", Patient, Base::V3, set({{Field::CetrPostAdmissionDate, "2023-04-08"}})},
      {"AT-R104", Patient, Base::V4, set({{Field::CetrPostAdmissionDate, ""}}),
       set({{Field::AdmissionPlanned, "2"}})},
      // Under 18 at the cut: seven days.
      {"AT-R104", Patient, Base::V4, set({{Field::CetrPostAdmissionDate, "2025-06-18"}}),
       set({{Field::AdmissionPlanned, "2"},
            {Field::DateOfBirth, "2010-01-01"},
            {Field::CetrPostAdmissionDate, "2025-06-17"}})},
      {"AT-R105", Patient, Base::V4, set({{Field::CetrPostAdmissionOutcome, ""}})},
      {"AT-R106", Patient, Base::V4,
       set({{Field::LastCetrDate, "2025-10-30"}, {Field::CetrHistory, "2025-06-01|CTR|4"}}),
       set({{Field::LastCetrDate, "2025-10-31"}, {Field::CetrHistory, "2025-06-01|CTR|4"}})},
      {"AT-R106", Patient, Base::V3,
       set({{Field::LastCetrDate, "2023-07-30"}, {Field::CetrHistory, "2023-03-20|CTR|1"}}),
       set({{Field::LastCetrDate, "2023-07-31"}, {Field::CetrHistory, "2023-03-20|CTR|1"}})},
      {"AT-R106", Patient, Base::V4, set({{Field::CetrHistory, ""}}),
       set({{Field::LastCetrDate, ""},
            {Field::CetrPostAdmissionDate, ""},
            {Field::CetrPostAdmissionOutcome, ""},
            {Field::CetrHistory, "2026-06-01|CTR|1"}})},
      {"AT-R110", Patient, Base::V4, set({{Field::OversightVisitLastDate, "2025-06-01"}})},
      {"AT-R110", Patient, Base::V4,
       set({{Field::DischargeDate, "2026-09-01"}, {Field::DischargeDestination, "1"}})},
      {"AT-R111", Patient, Base::V4, set({{Field::OversightVisitLastDate, "2026-09-04"}}),
       set({{Field::OversightVisitLastDate, "2026-09-05"}})},
      {"AT-R120", Patient, Base::V4, set({{Field::AdvocacyType, ""}})},
      {"AT-R121", Patient, Base::V4, set({{Field::EhcPlan, ""}}),
       set({{Field::DateOfBirth, "2002-01-01"}})},
      {"AT-R130", Patient, Base::V4, set({{Field::PlannedDischargeDate, "2025-06-09"}})},
      {"AT-R131", Patient, Base::V4, set({{Field::PlannedDischargeDate, "2026-10-30"}}),
       set({{Field::PlannedDischargeDate, "2026-10-31"}})},
      {"AT-R132", Patient, Base::V4, set({{Field::DelayedDischarge, ""}})},
      {"AT-R133", Patient, Base::V4, set({{Field::DelayReason, ""}}),
       set({{Field::DelayedDischarge, "Y"}, {Field::DelayReason, "A2"}})},
      {"AT-R134", Patient, Base::V4, set({{Field::ClinicallyReadyDate, ""}}),
       set({{Field::CarePlanStatus, "7"},
            {Field::ClinicallyReadyDate, "2026-09-01"},
            {Field::DelayedDischarge, "Y"},
            {Field::DelayReason, "M1"}})},
      {"AT-R134", Patient, Base::V4, set({{Field::DelayReason, ""}}),
       set({{Field::CarePlanStatus, "6"},
            {Field::ClinicallyReadyDate, "2026-09-01"},
            {Field::DelayReason, "D1"}})},
      {"ATP-V003", Patient, Base::V4, set({{Field::CarePlanStatus, ""}})},
      {"AT-R140", Patient, Base::V4,
       set({{Field::DischargeDate, "2025-06-09"}, {Field::DischargeDestination, "1"}})},
      {"AT-R142", Patient, Base::V4,
       set({{Field::DischargeDate, "2025-06-10"}, {Field::DischargeDestination, "1"}})},
      {"AT-R143", Patient, Base::V4, set({{Field::DischargeDate, "2026-09-01"}})},
      {"AT-R144", Patient, Base::V4, set({{Field::DischargeDestination, "1"}})},
      {"AT-R160", Patient, Base::V4, set({{Field::LastUpdated, "2026-04-29"}}),
       set({{Field::LastUpdated, "2026-04-30"}})},
      {"ATP-V003", Patient, Base::V4, set({{Field::LastUpdated, ""}})},

      // Stage 3: the episodes of one person.
      {"AT-R015", Person, Base::Person,
       set({{Field::DischargeDate, ""}, {Field::DischargeDestination, ""}}, 0)},
      {"AT-R079",
       Person,
       Base::Person,
       set({{Field::AdmissionDate, "2023-09-01"}, {Field::DischargeDate, "2024-06-09"}}, 0),
       {},
       1},
      {"AT-R079", Person, Base::Person, set({{Field::DischargeDestination, "8"}}, 0), {}, 1},
      {"AT-R079", Person, Base::Person, set({{Field::PreviousAdmissionDate, ""}}, 1),
       [](std::vector<Record>& eps) {
         eps[0].set(Field::AdmissionDate, "2023-09-01");
         eps[0].set(Field::DischargeDate, "2024-06-09");
         eps[1].set(Field::PreviousAdmissionDate, "2023-09-01");
       },
       1},
      {"AT-R084", Person, Base::Person, set({{Field::CarePlanStatus, "3"}}, 0),
       [](std::vector<Record>& eps) {
         eps[0].set(Field::DischargeDate, "2025-06-10");
         eps[0].set(Field::CarePlanStatus, "7");
         eps[0].set(Field::ClinicallyReadyDate, "2025-05-01");
         eps[1].set(Field::S17ExtendedLeave, "Y");
       },
       1},
      {"AT-R084", Person, Base::Person, set({{Field::DischargeDate, "2025-06-09"}}, 0),
       [](std::vector<Record>& eps) {
         eps[0].set(Field::DischargeDate, "2025-06-10");
         eps[0].set(Field::CarePlanStatus, "7");
         eps[0].set(Field::ClinicallyReadyDate, "2025-05-01");
         eps[1].set(Field::S17ExtendedLeave, "Y");
       },
       1},
      {"AT-R084", Person, Base::Person, set({{Field::S17ExtendedLeave, "Y"}}, 1), {}, 1},
      {"AT-R145", Person, Base::Person, set({{Field::DischargeDestination, "12"}}, 0)},
  };
  return kCases;
}

// Rules another part of atpipe checks, with the test (or fixture manifest an e2e test runs)
// that names them.
struct Elsewhere {
  std::string_view rule;
  std::string_view file;  // relative to the repository root
};
constexpr std::array kCheckedElsewhere = {
    Elsewhere{"ATP-M001", "tests/unit/transforms/pipeline_steps_test.cpp"},
    Elsewhere{"ATP-M002", "tests/unit/transforms/pipeline_steps_test.cpp"},
    Elsewhere{"ATP-M003", "tests/unit/transforms/pipeline_steps_test.cpp"},
    Elsewhere{"ATP-M004", "tests/unit/transforms/mapper_kinds_test.cpp"},
    Elsewhere{"ATP-M005", "tests/unit/transforms/mapper_kinds_test.cpp"},
    Elsewhere{"ATP-M006", "tests/unit/transforms/mapper_kinds_test.cpp"},
    Elsewhere{"ATP-M007", "tests/unit/transforms/mapper_limits_test.cpp"},
    Elsewhere{"ATP-M008", "tests/unit/transforms/mapper_limits_test.cpp"},
    Elsewhere{"AT-R003", "tests/unit/transforms/mapper_kinds_test.cpp"},
    Elsewhere{"AT-R001",
              "tests/unit/transforms/rules_test.cpp"},  // duplicates: check_duplicate_ids
    Elsewhere{"AT-R170", "fixtures/returns/broken_return.expected.txt"},
    Elsewhere{"ATP-R001", "tests/e2e/validate_return_e2e_test.cpp"},
    Elsewhere{"ATP-R002", "tests/e2e/validate_return_e2e_test.cpp"},
    Elsewhere{"AT-R180", "fixtures/icb_example/README.md"},
    Elsewhere{"AT-R181", "fixtures/icb_example/README.md"},
    Elsewhere{"AT-R032", "tests/unit/transforms/reference_rules_test.cpp"},
    Elsewhere{"AT-R051", "tests/unit/transforms/reference_rules_test.cpp"},
    Elsewhere{"AT-R052", "tests/unit/transforms/reference_rules_test.cpp"},
    Elsewhere{"AT-R053", "tests/unit/transforms/reference_rules_test.cpp"},
    Elsewhere{"AT-R150", "tests/unit/transforms/reference_rules_test.cpp"},
};

std::string read_repo_file(std::string_view relative) {
  std::ifstream in(std::filesystem::path(ATPIPE_SOURCE_DIR) / relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the base records pass every stage", "[unit][rules]") {
  for (auto base : {Base::V4, Base::V3}) {
    INFO((base == Base::V4 ? "v4" : "v3"));
    auto eps = build(base);
    run(Stage::Row, base, config::SourceRole::At, eps);
    run(Stage::Episode, base, config::SourceRole::At, eps);
    for (const auto& f : eps[0].findings) {
      FAIL_CHECK(f.rule << " on " << f.field << ": " << f.message);
    }
  }
  auto eps = person();
  run(Stage::Person, Base::Person, config::SourceRole::At, eps);
  for (auto& e : eps) {
    CHECK(e.findings.empty());
  }
}

TEST_CASE("each rule holds on its base and fires on the change that breaks it", "[unit][rules]") {
  std::size_t i = 0;
  for (const auto& c : cases()) {
    INFO("case " << i++ << ": " << c.rule);
    auto good = build(c.base);
    if (c.setup) {
      c.setup(good);
    }
    auto bad = good;
    c.change(bad);
    run(c.stage, c.base, c.role, good);
    run(c.stage, c.base, c.role, bad);
    CHECK(findings_of(good, c.rule).empty());
    auto found = findings_of(bad, c.rule);
    REQUIRE(found.size() == 1);
    const auto& f = *found[0];
    CHECK(f.severity == c.severity.value_or(transforms::rule(c.rule).severity));
    CHECK_FALSE(f.field.empty());  // the reject log points at the column
    CHECK(core::field_by_name(f.field).has_value());
    CHECK(std::count_if(bad.at(c.episode).findings.begin(), bad.at(c.episode).findings.end(),
                        [&](const core::Finding& x) { return x.rule == c.rule; }) == 1);
  }
}

TEST_CASE("every rule is tested here or in the test named for it", "[unit][rules]") {
  std::set<std::string_view> here;
  for (const auto& c : cases()) {
    here.insert(c.rule);
  }
  for (const auto& r : transforms::all_rules()) {
    INFO(r.id);
    auto elsewhere = std::find_if(kCheckedElsewhere.begin(), kCheckedElsewhere.end(),
                                  [&](const Elsewhere& e) { return e.rule == r.id; });
    if (elsewhere != kCheckedElsewhere.end()) {
      INFO("expected in " << elsewhere->file);
      CHECK(read_repo_file(elsewhere->file).find(r.id) != std::string::npos);
      continue;
    }
    CHECK(here.count(r.id) == 1);
  }
}
