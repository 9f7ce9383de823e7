#include <catch2/catch.hpp>

#include "daemon/run_stages.hpp"
#include "transforms/episodes/census_candidates.hpp"

using namespace atpipe;
using transforms::Membership;

namespace {

transforms::MergedPatient episode(std::size_t person, std::size_t number, bool s17 = false) {
  transforms::MergedPatient p;
  p.person = person;
  p.episode = number;
  p.record.set(core::Field::S17ExtendedLeave, s17 ? "Y" : "N");
  return p;
}

}  // namespace

TEST_CASE("period stage: S17 leave is not on a ward; two open episodes check the latest",
          "[unit][daemon]") {
  std::vector<transforms::MergedPatient> patients = {episode(0, 0), episode(0, 1),
                                                     episode(1, 0, true), episode(2, 0)};
  std::vector<Membership> memberships = {Membership::InpatientAtCut, Membership::InpatientAtCut,
                                         Membership::InpatientAtCut, Membership::AdmittedAfterCut};
  store::RunRecord run;
  auto sets = daemon::select_period(patients, memberships, run);
  CHECK(sets.in_return.size() == 3);
  REQUIRE(sets.at_cut.size() == 1);
  CHECK(sets.at_cut[0] == &patients[1]);
  CHECK(run.inpatients_at_cut == 3);
  CHECK(run.outside_period == 1);
  CHECK(run.patients == 4);
}

TEST_CASE("rows rejected only for their NHS number still take part in linkage", "[unit][daemon]") {
  core::Record rec;
  CHECK_FALSE(transforms::rejected_only_for_nhs_number(rec));
  rec.findings.emplace_back("AT-R011", core::Severity::Error, "nhs_number", "bad check digit");
  rec.findings.emplace_back("AT-R050", core::Severity::Warning, "postcode_home", "odd");
  CHECK(transforms::rejected_only_for_nhs_number(rec));
  rec.findings.emplace_back("AT-R020", core::Severity::Error, "date_of_birth", "missing");
  CHECK_FALSE(transforms::rejected_only_for_nhs_number(rec));
}

TEST_CASE("the period stage refuses a bad or future month", "[unit][daemon]") {
  daemon::RunOptions options;
  options.today = core::parse_iso("2026-11-23").value();
  CHECK(daemon::choose_period(options)->label == "2026-10");
  options.period = "2026-13";
  CHECK(daemon::choose_period(options).error().code() == core::ErrorCode::Config);
  options.period = "2026-12";
  CHECK(daemon::choose_period(options).error().message().find("has not started") !=
        std::string::npos);
}
