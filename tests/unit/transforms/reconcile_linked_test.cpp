#include <catch2/catch.hpp>

#include "tests/support/test_nhs.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/reconcile/linked.hpp"

using namespace atpipe;
using core::Field;

namespace {

core::Record person(std::string source, std::string id, std::string nhs, std::string surname,
                    std::string forename, std::string dob, std::string postcode, std::string sex) {
  core::Record r;
  r.where.source = std::move(source);
  r.set(Field::LocalId, std::move(id));
  r.set(Field::NhsNumber, std::move(nhs));
  r.set(Field::Surname, std::move(surname));
  r.set(Field::Forename, std::move(forename));
  r.set(Field::DateOfBirth, std::move(dob));
  r.set(Field::PostcodeHome, std::move(postcode));
  r.set(Field::GenderIdentity, std::move(sex));
  r.set(Field::ProviderCode, "RP1");
  return r;
}

// A small population: enough unrelated people for EM to tell matches from non-matches.
void add_crowd(std::vector<transforms::MergedPatient>& at, std::vector<core::Record>& census) {
  const char* surnames[] = {"Adams", "Baker",  "Clarke", "Davies", "Evans", "Foster",
                            "Green", "Hughes", "Irwin",  "Jones",  "Khan",  "Lewis"};
  const char* forenames[] = {"Amy", "Ben", "Cara", "Dan", "Eve", "Finn"};
  // 999 numbers with valid check digits, made by the test itself.
  const auto nhs = [](int n) { return testing::test_nhs_number(n); };
  int made = 0;
  for (int i = 0; made < 60; ++i) {
    auto number = nhs(i * 7 + 3);
    if (number.empty()) {
      continue;
    }
    std::string dob = "19" + std::to_string(50 + made % 40) + "-0" + std::to_string(1 + made % 9) +
                      "-1" + std::to_string(made % 10);
    auto rec =
        person("nhft", "N" + std::to_string(made), number, surnames[made % 12], forenames[made % 6],
               dob, "NN" + std::to_string(1 + made % 9) + " 5BD", made % 2 ? "1" : "2");
    transforms::MergedPatient p;
    p.record = rec;
    p.origins = {rec.where};
    p.local_refs = {"nhft:" + std::string(rec.get(Field::LocalId))};
    p.field_origin.fill(0);
    at.push_back(p);
    auto c = rec;
    c.where.source = "census";
    c.set(Field::LocalId, "W" + std::to_string(made));
    census.push_back(c);
    ++made;
  }
}

}  // namespace

TEST_CASE("linkage finds the people exact matching misses and says why", "[unit][reconcile]") {
  std::vector<transforms::MergedPatient> at;
  std::vector<core::Record> census;
  add_crowd(at, census);
  // On the census with a mistyped NHS number (two digits swapped).
  auto typo = person("nhft", "T1", "9434765919", "Oyelaran", "Tobi", "1987-04-12", "NN3 6BT", "1");
  transforms::MergedPatient p;
  p.record = typo;
  p.origins = {typo.where};
  p.local_refs = {"nhft:T1"};
  p.field_origin.fill(0);
  at.push_back(p);
  census.push_back(
      person("census", "W-T1", "9434765991", "Oyelaran", "Tobi", "1987-04-12", "NN3 6BT", "1"));
  // An AT row without an NHS number, on the census with one.
  auto no_nhs = person("nhft", "M1", "", "Quartey", "Ama", "1979-11-30", "NN2 7QL", "2");
  census.push_back(
      person("census", "W-M1", "6541003238", "Quartey", "Ama", "1979-11-30", "NN2 7QL", "2"));
  // An AT row without an NHS number that nobody on the census resembles.
  auto lost = person("nhft", "L1", "12345", "Zywicki", "Paul", "1960-01-01", "LS1 4AP", "1");

  std::vector<const transforms::MergedPatient*> at_ptrs;
  for (const auto& x : at) {
    at_ptrs.push_back(&x);
  }
  auto result =
      transforms::reconcile_linked(at_ptrs, {&no_nhs, &lost}, census, {Field::DateOfBirth}, "QPM",
                                   transforms::linkage::default_linkage_config());
  REQUIRE(result);
  const auto& counts = result->counts;
  // In this crowd every true pair agrees on its NHS number, so EM learns that a swapped digit
  // is evidence against: the mistyped pair is close, and goes to a person, never silently in.
  CHECK(counts.matched == at.size() - 1);
  CHECK(counts.reviews == 1);
  CHECK(counts.linked_without_nhs == 1);
  CHECK(counts.no_nhs_number == 1);
  CHECK(counts.at_only == 0);
  CHECK(counts.census_only == 0);

  const core::Query* nhs_query = nullptr;
  const core::Query* review = nullptr;
  const core::Query* missing = nullptr;
  for (const auto& q : result->queries) {
    if (q.reason == core::QueryReason::NhsNumber) {
      nhs_query = &q;
    } else if (q.reason == core::QueryReason::PossibleMatch) {
      review = &q;
    } else if (q.reason == core::QueryReason::NoNhsNumber) {
      missing = &q;
    }
  }
  REQUIRE(nhs_query != nullptr);
  CHECK(nhs_query->census_ref == "census:W-M1");
  CHECK(nhs_query->field == "nhs_number");
  CHECK(nhs_query->value_returned.empty());
  CHECK(nhs_query->other_value == "6541003238");
  CHECK(nhs_query->returned_from == "nhft:M1");
  CHECK(nhs_query->evidence.rfind("weight ", 0) == 0);
  CHECK(nhs_query->evidence.find("nhs_number missing") != std::string::npos);
  REQUIRE(review != nullptr);
  CHECK(review->at_refs == "nhft:T1");
  CHECK(review->census_ref == "census:W-T1");
  CHECK(review->evidence.find("nhs_number one digit or swap") != std::string::npos);
  CHECK(review->evidence.find("surname exact") != std::string::npos);
  REQUIRE(missing != nullptr);
  CHECK(missing->at_refs == "nhft:L1");
  CHECK_FALSE(missing->id.empty());

  // Every probabilistic link is in the audit file with its weight and probability.
  std::size_t probabilistic = 0;
  for (const auto& l : result->links) {
    if (l.method == "probabilistic") {
      ++probabilistic;
      CHECK(l.probability >= (l.status == "review" ? 0.60 : 0.95));
      CHECK(l.weight > 0.0);
      CHECK(l.evidence.find("surname exact") != std::string::npos);
    } else {
      CHECK(l.evidence.empty());
    }
  }
  CHECK(probabilistic == 2);  // the review pair and the one without an NHS number
}

namespace {

core::Record refused(core::Record r, const std::string& rule, const std::string& field) {
  r.findings.push_back({rule, core::Severity::Error, field, field + " refused"});
  return r;
}

const core::Query* query_for(const transforms::ReconcileResult& result, core::QueryReason reason,
                             const std::string& field, const std::string& census_ref) {
  for (const auto& q : result.queries) {
    if (q.reason == reason && q.field == field && q.census_ref == census_ref) {
      return &q;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("rows refused for an identifying value still link, and the query names it",
          "[unit][reconcile]") {
  std::vector<transforms::MergedPatient> at;
  std::vector<core::Record> census;
  add_crowd(at, census);
  // A census row whose date of birth is not a date (the mapper leaves the field empty).
  auto kept = person("nhft", "D1", "9434765919", "Nwosu", "Chidi", "1982-06-14", "NN4 8RT", "1");
  transforms::MergedPatient p;
  p.record = kept;
  p.origins = {kept.where};
  p.local_refs = {"nhft:D1"};
  p.field_origin.fill(0);
  at.push_back(p);
  transforms::RejectedForLinkage rejected;
  const auto bad_census =
      refused(person("census", "W-D1", "9434765919", "NWOSU", "CHIDI", "", "NN4 8RT", "1"),
              "ATP-M001", "date_of_birth");
  rejected.census.push_back(&bad_census);
  // An AT row with neither a usable NHS number nor a real date of birth (its text kept), on
  // the census with the day's digits the right way round.
  const auto bad_at =
      refused(refused(person("nhft", "D2", "", "Achterberg", "Ines", "1991-02-31", "NN6 2WX", "2"),
                      "AT-R010", "nhs_number"),
              "ATP-M001", "date_of_birth");
  rejected.at.push_back(&bad_at);
  census.push_back(
      person("census", "W-D2", "6541003238", "ACHTERBERG", "INES", "1991-02-13", "NN6 2WX", "2"));
  // People on one side only, so that random pairs among those left for linkage say what a
  // non-match looks like. The AT ones share only their names (swapped) with a census one:
  // never enough to link.
  const char* others[][4] = {{"Brennan", "Rory", "1966-09-03", "LS2 9JT"},
                             {"Okafor", "Ngozi", "1973-12-19", "M14 6HR"},
                             {"Lindqvist", "Saga", "1988-04-07", "CV1 2TE"},
                             {"Moreau", "Luc", "1959-07-22", "BS3 1QQ"},
                             {"Haddad", "Rana", "2001-01-30", "LE5 4PF"}};
  std::vector<core::Record> at_only_rows;
  for (const auto& o : others) {
    census.push_back(person("census", std::string("X-") + o[0], "", o[0], o[1], o[2], o[3], "1"));
    at_only_rows.push_back(
        person("nhft", std::string("Y-") + o[0], "", o[1], o[0], "1950-05-05", "NN9 9ZZ", "2"));
  }
  for (const auto& r : at_only_rows) {
    rejected.at.push_back(&r);
  }
  // Refused for something else as well: takes no part.
  const auto other = refused(bad_at, "AT-R070", "admission_date");
  CHECK_FALSE(transforms::rejected_only_for_identifying_values(other));
  CHECK(transforms::rejected_only_for_identifying_values(bad_at));
  CHECK(transforms::rejected_only_for_identifying_values(bad_census));
  CHECK_FALSE(transforms::rejected_only_for_identifying_values(kept));
  CHECK_FALSE(transforms::rejected_only_for_identifying_values(
      refused(kept, "ATP-M001", "admission_date")));

  std::vector<const transforms::MergedPatient*> at_ptrs;
  for (const auto& x : at) {
    at_ptrs.push_back(&x);
  }
  auto result = transforms::reconcile_linked(at_ptrs, rejected, census, {Field::DateOfBirth}, "QPM",
                                             transforms::linkage::default_linkage_config());
  REQUIRE(result);
  CHECK(result->counts.at_only == 0);
  CHECK(result->counts.census_only == 5);
  CHECK(result->counts.matched == at.size());
  CHECK(result->counts.linked_without_nhs == 1);

  // The census row refused for its date: linked exactly, its date named for the commissioner.
  const auto* census_date =
      query_for(*result, core::QueryReason::Discrepancy, "date_of_birth", "census:W-D1");
  REQUIRE(census_date != nullptr);
  CHECK(census_date->at_refs == "nhft:D1");
  CHECK(census_date->value_returned == "1982-06-14");
  CHECK(census_date->other_value.empty());
  CHECK(census_date->owner == "QPM (commissioner)");
  CHECK(census_date->action.find("ATP-M001") != std::string::npos);

  // The AT row: linked with its date compared by digits, with a query for its NHS number and
  // one for its date.
  const auto* at_date =
      query_for(*result, core::QueryReason::Discrepancy, "date_of_birth", "census:W-D2");
  REQUIRE(at_date != nullptr);
  CHECK(at_date->returned_from == "nhft:D2");
  CHECK(at_date->value_returned == "1991-02-31");
  CHECK(at_date->other_value == "1991-02-13");
  CHECK(at_date->evidence.find("date_of_birth two digits swapped") != std::string::npos);
  const auto* at_nhs =
      query_for(*result, core::QueryReason::NhsNumber, "nhs_number", "census:W-D2");
  REQUIRE(at_nhs != nullptr);
  CHECK(at_nhs->other_value == "6541003238");
}
