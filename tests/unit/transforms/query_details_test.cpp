#include <catch2/catch.hpp>

#include "transforms/merge/conflict_queries.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/query_outputs.hpp"
#include "transforms/reconcile/exact.hpp"
#include "transforms/reconcile/query_details.hpp"
#include "transforms/reconcile/refs.hpp"

using namespace atpipe;
using core::Field;

namespace {

// One episode of a fictional person (999 range) from the NV7 provider's extract.
core::Record episode(std::string source, std::size_t row, std::string local_id,
                     std::string admitted, std::string discharged = "") {
  core::Record r;
  r.set(Field::NhsNumber, "9990000018");
  r.set(Field::LocalId, std::move(local_id));
  r.set(Field::Surname, "Ng");
  r.set(Field::Forename, "Ada");
  r.set(Field::DateOfBirth, "1990-04-01");
  r.set(Field::ProviderCode, "NV7");
  r.set(Field::ProviderSiteCode, "NV701");
  r.set(Field::AdmissionDate, std::move(admitted));
  r.set(Field::DischargeDate, std::move(discharged));
  r.where.source = std::move(source);
  r.where.row = row;
  r.precedence = 1;
  return r;
}

std::vector<const transforms::MergedPatient*> pointers(
    const std::vector<transforms::MergedPatient>& ps) {
  std::vector<const transforms::MergedPatient*> out;
  for (const auto& p : ps) {
    out.push_back(&p);
  }
  return out;
}

}  // namespace

TEST_CASE("one person in two open episodes raises one DUPLICATE_EPISODE query", "[unit][queries]") {
  auto merged = transforms::merge_by_nhs_number(
      {episode("nhft_inpatients", 2, "NV-1", "2025-03-10"),
       episode("nhft_inpatients", 3, "NV-2", "2026-08-19"),
       episode("nhft_inpatients", 4, "NV-0", "2019-01-01", "2020-01-01")});
  REQUIRE(merged.size() == 3);
  auto queries = transforms::conflict_queries(pointers(merged), "QPM");
  REQUIRE(queries.size() == 1);
  const auto& q = queries.front();
  CHECK(q.reason == core::QueryReason::DuplicateEpisode);
  CHECK(core::reason_code(q.reason) == "DUPLICATE_EPISODE");
  CHECK(q.owner == "NV7 (provider)");
  CHECK(q.nhs_number == "9990000018");
  // About the older open episode, the one that should have been closed.
  CHECK(q.subject.local_id == "NV-1");
  CHECK(q.subject.admission_date == "2025-03-10");
  CHECK(q.value_returned == "2025-03-10");
  CHECK(q.other_value == "2026-08-19");
  CHECK(q.at_refs == "nhft_inpatients:NV-1;nhft_inpatients:NV-2");
  // Stable across runs: the same person keeps the same id.
  CHECK(q.id == core::make_query_id(core::QueryReason::DuplicateEpisode, "9990000018", ""));
  CHECK(q.action.find("your inpatient system") != std::string::npos);
  CHECK(q.action.find("nhft_inpatients") == std::string::npos);
  CHECK(core::query_reason_from("DUPLICATE_EPISODE") == core::QueryReason::DuplicateEpisode);
}

TEST_CASE("a closed and an open episode, or two people, raise no DUPLICATE_EPISODE",
          "[unit][queries]") {
  auto merged = transforms::merge_by_nhs_number(
      {episode("nhft_inpatients", 2, "NV-1", "2025-03-10", "2026-08-18"),
       episode("nhft_inpatients", 3, "NV-2", "2026-08-19")});
  auto other = episode("nhft_inpatients", 4, "NV-3", "2026-01-01");
  other.set(Field::NhsNumber, "9990000026");
  auto more = transforms::merge_by_nhs_number({other});
  merged.insert(merged.end(), more.begin(), more.end());
  merged.back().person = merged.front().person + 1;
  CHECK(transforms::duplicate_episode_queries(pointers(merged), "QPM").empty());
}

TEST_CASE("actions speak to the owner's own system, never another organisation's extract",
          "[unit][queries]") {
  using core::QueryReason;
  for (auto reason :
       {QueryReason::AtOnly, QueryReason::CensusOnly, QueryReason::Discrepancy,
        QueryReason::DuplicateInCensus, QueryReason::SourceConflict, QueryReason::PossibleMatch,
        QueryReason::NhsNumber, QueryReason::NoNhsNumber, QueryReason::DuplicateEpisode}) {
    auto text = transforms::query_action(reason, "NV7 (provider)", "date_of_birth", "QPM");
    INFO(core::reason_code(reason) << ": " << text);
    CHECK_FALSE(text.empty());
    CHECK(text.find("date_of_birth") == std::string::npos);
    CHECK(text.find("_") == std::string::npos);  // no source or internal field name
  }
  CHECK(transforms::query_action(QueryReason::Discrepancy, "NV7 (provider)", "date_of_birth",
                                 "QPM") ==
        "Check the patient's DateOfBirth in your inpatient system and on the ward census, and "
        "correct whichever is wrong");
  CHECK(transforms::query_action(QueryReason::NoNhsNumber, "QPM (commissioner)", "", "QPM")
            .find("your AT records") != std::string::npos);
  CHECK(transforms::query_action(QueryReason::SourceConflict, "NV7 (provider)", "postcode_home",
                                 "QPM")
            .find("tell QPM") != std::string::npos);
}

TEST_CASE("every query of a run carries the details its owner needs", "[unit][queries]") {
  auto merged =
      transforms::merge_by_nhs_number({episode("nhft_inpatients", 2, "NV-1", "2026-10-02")});
  core::Record census = episode("ward_census", 5, "NV701-ELM-01", "2026-10-02");
  census.set(Field::NhsNumber, "9990000034");
  census.set(Field::Surname, "Li");
  core::Record no_nhs = episode("nhft_inpatients", 9, "NV-9", "2026-09-01");
  no_nhs.set(Field::NhsNumber, "");
  std::vector<core::Record> census_records = {census};
  auto at = pointers(merged);
  auto result = transforms::reconcile_exact(at, census_records, {}, "QPM");
  core::Query lost;
  lost.reason = core::QueryReason::NoNhsNumber;
  lost.owner = "NV7 (provider)";
  lost.at_refs = transforms::record_ref(no_nhs);
  lost.action = "correct nhft_inpatients";
  result.queries.push_back(lost);
  std::vector<const core::Record*> without = {&no_nhs};
  transforms::complete_queries(result.queries, {at, without, census_records}, "QPM");

  REQUIRE(result.queries.size() == 3);
  for (const auto& q : result.queries) {
    INFO(core::reason_code(q.reason));
    CHECK(q.action.find("nhft_inpatients") == std::string::npos);
    switch (q.reason) {
      case core::QueryReason::AtOnly:
        CHECK(q.subject.local_id == "NV-1");
        CHECK(q.subject.surname == "Ng");
        CHECK(q.subject.forename == "Ada");
        CHECK(q.subject.date_of_birth == "1990-04-01");
        CHECK(q.subject.site == "NV701");
        CHECK(q.subject.admission_date == "2026-10-02");
        break;
      case core::QueryReason::CensusOnly:
        CHECK(q.subject.local_id == "NV701-ELM-01");
        CHECK(q.subject.surname == "Li");
        break;
      default:
        CHECK(q.reason == core::QueryReason::NoNhsNumber);
        CHECK(q.subject.local_id == "NV-9");
    }
  }

  // The state store does not keep the subject: the open list takes it from this run by id.
  std::vector<core::TrackedQuery> open(1);
  open[0].query.id = result.queries.front().id;
  transforms::attach_subjects(open, result.queries);
  CHECK(open[0].query.subject.local_id == result.queries.front().subject.local_id);
}

TEST_CASE("the query list names fields as the return does and writes its dates",
          "[unit][queries][outputs]") {
  core::TrackedQuery t;
  t.query.id = "Q000000000001";
  t.query.reason = core::QueryReason::Discrepancy;
  t.query.owner = "NV7 (provider)";
  t.query.nhs_number = "9990000018";
  t.query.field = "date_of_birth";
  t.query.value_returned = "1984-05-22";
  t.query.other_value = "1948-05-22";
  t.query.subject = {"NV-1", "Ng", "Ada", "1984-05-22", "NV701", "2026-10-02"};
  t.opened_period = "2026-10";
  auto period = *transforms::period_from_label("2026-10");

  auto csv = transforms::render_queries_csv({t}, period);
  CHECK(csv.find("NHSNumber,LocalPatientID,Surname,Forename,DateOfBirth,ProviderSiteCode,"
                 "HospitalAdmissionDate,ATRecords,CensusRecord,Field,ValueReturned,") !=
        std::string::npos);
  CHECK(csv.find(",9990000018,NV-1,Ng,Ada,22/05/1984,NV701,02/10/2026,,,DateOfBirth,22/05/1984,,"
                 "22/05/1948,") != std::string::npos);
  CHECK(csv.find("1984-05-22") == std::string::npos);
  CHECK(csv.find("date_of_birth") == std::string::npos);

  auto iso = transforms::render_queries_csv({t}, period, "%Y-%m-%d");
  CHECK(iso.find(",DateOfBirth,1984-05-22,") != std::string::npos);

  auto html = transforms::render_queries_html({t}, period, "Queries");
  CHECK(html.find("<td>22/05/1984</td>") != std::string::npos);
  CHECK(html.find("<th>HospitalAdmissionDate</th>") != std::string::npos);
  CHECK(html.find("(cut 31/10/2026)") != std::string::npos);
}

TEST_CASE("a query finds its AT record whether one source or several made it", "[unit][queries]") {
  transforms::MergedPatient one;
  one.record = episode("nhft_inpatients", 2, "NV-1", "2026-10-02");
  one.local_refs = {"nhft_inpatients:NV-1"};
  transforms::MergedPatient two;
  two.record = episode("nhft_inpatients", 3, "NV-2", "2026-10-03");
  two.record.set(Field::Surname, "Okafor");
  two.local_refs = {"nhft_inpatients:NV-2", "ward_extract:W-2"};
  const std::vector<const transforms::MergedPatient*> at = {&one, &two};
  const std::vector<const core::Record*> without;
  const std::vector<core::Record> census;
  std::vector<core::Query> queries(3);
  queries[0].at_refs = "nhft_inpatients:NV-2;ward_extract:W-2";
  queries[1].at_refs = "nhft_inpatients:NV-1";
  queries[2].at_refs = "nhft_inpatients:NV-2";  // names only part of a patient: not found
  for (auto& q : queries) {
    q.owner = "NV7 (provider)";
  }
  transforms::complete_queries(queries, {at, without, census}, "QPM");
  CHECK(queries[0].subject.local_id == "NV-2");
  CHECK(queries[0].subject.surname == "Okafor");
  CHECK(queries[1].subject.local_id == "NV-1");
  CHECK(queries[1].subject.admission_date == "2026-10-02");
  CHECK(queries[2].subject.local_id.empty());
}
