#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "connectors/fhir/fhir_bundle.hpp"
#include "connectors/fhir/fhir_rows.hpp"
#include "connectors/fhir/fhir_source.hpp"
#include "fhir_test_bundles.hpp"

namespace atpipe::connectors::fhir {
namespace {

using Values = std::vector<std::string>;
const core::Provenance kWhere{"trust_fhir", "https://fhir.example/R4/Encounter", 0, ""};

BundlePage read_ok(const std::string& body) {
  auto page = read_bundle(body, kNhsNumberSystem, 1, kWhere);
  REQUIRE(page.has_value());
  return std::move(page).value();
}

}  // namespace

TEST_CASE("fhir bundle: encounters, included patients and the next link", "[unit][fhir]") {
  const auto page = read_ok(test::with_next(test::kPage1, "https://fhir.example/R4?page=2"));
  CHECK(page.next == "https://fhir.example/R4?page=2");
  REQUIRE(page.encounters.size() == 2);
  const auto& e1 = page.encounters[0];
  CHECK(e1.id == "E1");
  CHECK(e1.subject == "Patient/p1");
  CHECK(e1.admission_date == "2026-09-14");  // the date the ward saw, not UTC's
  CHECK(e1.discharge_date.empty());
  CHECK(e1.admit_source == "19");
  CHECK(e1.provider == "RP1");
  CHECK(page.encounters[1].admission_date == "2026-03-01");
  CHECK(page.encounters[1].discharge_date == "2026-10-20");
  CHECK(page.encounters[1].discharge_disposition == "19");
  REQUIRE(page.patients.size() == 1);
  const auto& p1 = page.patients[0];
  CHECK(p1.nhs_number == "9990000018");  // the NHS system, not the first identifier
  CHECK(p1.surname == "Quill");
  CHECK(p1.forename == "Ada");
  CHECK(p1.birth_date == "1990-01-02");
  CHECK(p1.gender == "female");
  CHECK(p1.postcode == "NN1 5BD");
  CHECK(p1.full_url == "https://fhir.example/R4/Patient/p1");

  const auto last = read_ok(test::kPage2);
  CHECK_FALSE(last.next.has_value());
  CHECK(last.outcomes == 1);
  CHECK(last.patients[1].nhs_number.empty());
}

TEST_CASE("fhir bundle: another identifier system", "[unit][fhir]") {
  auto page =
      read_bundle(test::with_next(test::kPage1, ""), "https://fhir.example/Id/local", 1, kWhere);
  REQUIRE(page.has_value());
  CHECK(page->patients[0].nhs_number == "L-0042");
  CHECK_FALSE(page->next.has_value());  // an empty next URL ends the search
}

TEST_CASE("fhir bundle: what is not a Bundle fails", "[unit][fhir]") {
  auto outcome = read_bundle(test::kOutcome, kNhsNumberSystem, 2, kWhere);
  REQUIRE_FALSE(outcome.has_value());
  CHECK(outcome.error().message() ==
        "page 2: the server answered with an OperationOutcome instead of a Bundle (error "
        "not-supported: Search parameter 'class' is not supported)");
  auto patient =
      read_bundle(R"({"resourceType": "Patient", "id": "p1"})", kNhsNumberSystem, 1, kWhere);
  REQUIRE_FALSE(patient.has_value());
  CHECK(patient.error().message() ==
        "page 1: expected a FHIR Bundle, got resourceType 'Patient'; check that 'base_url' is "
        "the FHIR server's base");
  auto array = read_bundle("[]", kNhsNumberSystem, 1, kWhere);
  REQUIRE_FALSE(array.has_value());
  CHECK(array.error().message() ==
        "page 1: expected a FHIR Bundle, got an array without a resourceType; check that "
        "'base_url' is the FHIR server's base");
  auto broken = read_bundle("{\"resourceType\": \"Bundle\",", kNhsNumberSystem, 1, kWhere);
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error().code() == core::ErrorCode::Parse);
  CHECK_THAT(broken.error().message(), Catch::StartsWith("page 1: malformed JSON at line 1"));
  auto empty = read_bundle(R"({"resourceType": "Bundle", "type": "searchset", "total": 0})",
                           kNhsNumberSystem, 1, kWhere);
  REQUIRE(empty.has_value());
  CHECK(empty->encounters.empty());
}

TEST_CASE("fhir bundle: OperationOutcome bodies of HTTP errors are summarised", "[unit][fhir]") {
  CHECK(explain_outcome(test::kOutcome) ==
        "OperationOutcome: error not-supported: Search parameter 'class' is not supported");
  CHECK(explain_outcome("<html>Bad gateway</html>").empty());
  CHECK(explain_outcome(R"({"resourceType": "Bundle"})").empty());
  const std::string long_text(500, 'x');
  CHECK(explain_outcome(R"({"resourceType": "OperationOutcome", "issue": [{"diagnostics": ")" +
                        long_text + "\"}]}")
            .size() == std::string("OperationOutcome: ").size() + 200 + 3);
}

TEST_CASE("fhir bundle: patient references", "[unit][fhir]") {
  CHECK(patient_key("Patient/p1") == "Patient/p1");
  CHECK(patient_key("https://fhir.example/R4/Patient/p2/_history/3") == "Patient/p2");
  CHECK(patient_key("Group/g1").empty());
  CHECK(patient_key("urn:uuid:1234").empty());
  CHECK(patient_key("Patient/").empty());
}

TEST_CASE("fhir rows: encounters joined to patients across pages", "[unit][fhir]") {
  auto first = read_ok(test::with_next(test::kPage1, "https://fhir.example/R4?page=2"));
  auto second = read_ok(test::kPage2);
  std::vector<EncounterFields> encounters = first.encounters;
  encounters.insert(encounters.end(), second.encounters.begin(), second.encounters.end());
  std::vector<PatientFields> patients = first.patients;
  patients.insert(patients.end(), second.patients.begin(), second.patients.end());
  encounters.push_back(EncounterFields{"E4", "Patient/absent", "2026-10-01", "", "", "", ""});
  encounters.push_back(EncounterFields{"E5", "", "2026-10-02", "", "", "", ""});

  const auto rows = encounter_rows(encounters, patients);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].row == 1);
  CHECK(rows[0].values == Values{"E1", "9990000018", "Quill", "Ada", "1990-01-02", "female",
                                 "NN1 5BD", "2026-09-14", "", "19", "", "RP1"});
  CHECK(rows[1].values == Values{"E2", "9990000026", "Marsh", "Tom", "1985-07-30", "male",
                                 "NN2 6AB", "2026-03-01", "2026-10-20", "51", "19", ""});
  CHECK(rows[2].values == Values{"E3", "", "Fenn", "", "", "", "", "2026-10-30", "", "", "", ""});
  CHECK(rows[2].problem.empty());
  CHECK(rows[3].problem ==
        "the Encounter's patient was not among the included Patients; check that the server "
        "supports _include=Encounter:subject");
  CHECK(rows[4].problem == "the Encounter has no subject, so it cannot be tied to a patient");
  CHECK(columns_for(Resource::Encounter).size() == rows[0].values.size());

  const auto people = patient_rows(patients);
  REQUIRE(people.size() == 3);
  CHECK(people[2].row == 3);
  CHECK(people[0].values ==
        Values{"p1", "9990000018", "Quill", "Ada", "1990-01-02", "female", "NN1 5BD"});
  CHECK(columns_for(Resource::Patient) == Values{"patient_id", "nhs_number", "surname", "forename",
                                                 "birth_date", "gender", "postcode"});
}

TEST_CASE("fhir search url", "[unit][fhir]") {
  FhirConfig config;
  config.base_url = "https://fhir.example/R4";
  const core::Date cut{date::year{2026}, date::month{10}, date::day{31}};
  CHECK(search_url(config, cut) ==
        "https://fhir.example/R4/Encounter?class=IMP&_include=Encounter%3asubject"
        "&date=le2026-10-31");
  CHECK(search_url(config, core::Date{}) ==
        "https://fhir.example/R4/Encounter?class=IMP&_include=Encounter%3asubject");
  config.params = {{"date", "ge{cut}"}, {"_count", "50"}};
  CHECK(search_url(config, cut) ==
        "https://fhir.example/R4/Encounter?class=IMP&_include=Encounter%3asubject"
        "&date=ge2026-10-31&_count=50");
  config.resource = Resource::Patient;
  config.params = {{"organization", "RP1"}};
  CHECK(search_url(config, cut) == "https://fhir.example/R4/Patient?organization=RP1");
}

}  // namespace atpipe::connectors::fhir
