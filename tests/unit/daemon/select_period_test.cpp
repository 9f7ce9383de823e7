#include <catch2/catch.hpp>

#include "daemon/run_stages.hpp"

using namespace atpipe;
using transforms::Membership;

namespace {

transforms::MergedPatient episode(std::size_t person, const std::string& local_id) {
  transforms::MergedPatient p;
  p.person = person;
  p.record.set(core::Field::LocalId, local_id);
  p.record.where = {"nhft", "at.csv", person + 2, ""};
  p.origins = {p.record.where};
  p.local_refs = {"nhft:" + local_id};
  p.field_origin.fill(transforms::MergedPatient::kNone);
  return p;
}

}  // namespace

TEST_CASE("period stage: findings go to the logs, one row each, in episode order",
          "[unit][daemon]") {
  std::vector<transforms::MergedPatient> patients = {episode(0, "A"), episode(1, "B"),
                                                     episode(2, "C"), episode(3, "D")};
  patients[0].record.findings.emplace_back("AT-R104", core::Severity::Warning,
                                           "cetr_post_admission_date", "late");
  patients[0].record.findings.emplace_back("AT-R111", core::Severity::Warning,
                                           "oversight_visit_last_date", "due");
  patients[1].record.findings.emplace_back("AT-R070", core::Severity::Error, "admission_date",
                                           "missing");
  patients[2].record.findings.emplace_back("AT-R121", core::Severity::Warning, "ehc_plan", "gap");
  patients[3].record.findings.emplace_back("AT-R111", core::Severity::Warning,
                                           "oversight_visit_last_date", "due");
  std::vector<Membership> memberships = {Membership::InpatientAtCut, Membership::DischargedInPeriod,
                                         Membership::DischargedInPeriod,
                                         Membership::EndedBeforePeriod};
  store::RunRecord run;

  auto sets = daemon::select_period(patients, memberships, run);

  REQUIRE(sets.patient_warnings.size() == 3);
  CHECK(sets.patient_warnings.line(0).finding.rule == "AT-R104");
  CHECK(sets.patient_warnings.line(1).finding.rule == "AT-R111");
  CHECK(sets.patient_warnings.line(2).finding.rule == "AT-R121");
  CHECK(sets.patient_warnings.line(2).local_id == "C");
  REQUIRE(sets.patient_rejects.size() == 1);
  CHECK(sets.patient_rejects[0].get(core::Field::LocalId) == "B");
  CHECK(run.patients_rejected == 1);
  CHECK(run.in_return == 2);
  CHECK(run.outside_period == 1);
  // A returned episode's warnings moved to the log; a rejected or left-out one keeps its own.
  CHECK(patients[0].record.findings.empty());
  CHECK(patients[1].record.rejected());
  CHECK(patients[3].record.findings.size() == 1);
}
