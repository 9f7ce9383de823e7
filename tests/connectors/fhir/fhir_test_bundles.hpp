#pragma once

#include <string>

// FHIR R4 search pages shared by the fhir unit and integration tests. Fictional people with NHS
// numbers from the 999 test range; `{next}` is replaced by the URL of the second page.
namespace atpipe::connectors::fhir::test {

// Encounters E1 and E2, and Patient p1, who has a local identifier before the NHS one.
inline const std::string kPage1 = R"({
  "resourceType": "Bundle", "type": "searchset",
  "link": [{"relation": "self", "url": "https://fhir.example/R4/Encounter?class=IMP"},
           {"relation": "next", "url": "{next}"}],
  "entry": [
    {"fullUrl": "https://fhir.example/R4/Encounter/E1", "search": {"mode": "match"},
     "resource": {"resourceType": "Encounter", "id": "E1", "status": "in-progress",
       "class": {"code": "IMP"}, "subject": {"reference": "Patient/p1"},
       "period": {"start": "2026-09-14T22:30:00+01:00"},
       "hospitalization": {"admitSource": {"coding": [{"code": "19"}]}},
       "serviceProvider": {"identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code",
                                          "value": "RP1"}}}},
    {"fullUrl": "https://fhir.example/R4/Encounter/E2", "search": {"mode": "match"},
     "resource": {"resourceType": "Encounter", "id": "E2", "status": "finished",
       "class": {"code": "IMP"},
       "subject": {"reference": "https://fhir.example/R4/Patient/p2/_history/3"},
       "period": {"start": "2026-03-01", "end": "2026-10-20T09:00:00Z"},
       "hospitalization": {"admitSource": {"coding": [{"code": "51"}]},
                           "dischargeDisposition": {"coding": [{"code": "19"}]}}}},
    {"fullUrl": "https://fhir.example/R4/Patient/p1", "search": {"mode": "include"},
     "resource": {"resourceType": "Patient", "id": "p1",
       "identifier": [{"system": "https://fhir.example/Id/local", "value": "L-0042"},
                      {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018"}],
       "name": [{"family": "Quill", "given": ["Ada", "May"]}, {"family": "Other"}],
       "gender": "female", "birthDate": "1990-01-02",
       "address": [{"postalCode": "NN1 5BD"}]}}
  ]
})";

// Encounter E3, Patient p2 (E2's, on a later page than its encounter), Patient p3 with no
// NHS identifier, and a search warning.
inline const std::string kPage2 = R"({
  "resourceType": "Bundle", "type": "searchset",
  "link": [{"relation": "self", "url": "https://fhir.example/R4/Encounter?page=2"}],
  "entry": [
    {"resource": {"resourceType": "Encounter", "id": "E3", "class": {"code": "IMP"},
       "subject": {"reference": "Patient/p3"}, "period": {"start": "2026-10-30T23:59:00+00:00"}}},
    {"fullUrl": "https://fhir.example/R4/Patient/p2", "search": {"mode": "include"},
     "resource": {"resourceType": "Patient", "id": "p2",
       "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000026"}],
       "name": [{"family": "Marsh", "given": ["Tom"]}], "gender": "male",
       "birthDate": "1985-07-30", "address": [{"postalCode": "NN2 6AB"}]}},
    {"search": {"mode": "include"},
     "resource": {"resourceType": "Patient", "id": "p3",
       "identifier": [{"system": "https://fhir.example/Id/local", "value": "L-0099"}],
       "name": [{"family": "Fenn"}]}},
    {"search": {"mode": "outcome"},
     "resource": {"resourceType": "OperationOutcome",
       "issue": [{"severity": "warning", "code": "informational"}]}}
  ]
})";

inline const std::string kOutcome = R"({"resourceType": "OperationOutcome",
  "issue": [{"severity": "error", "code": "not-supported",
             "diagnostics": "Search parameter 'class' is not supported"}]})";

// The page with `{next}` replaced.
inline std::string with_next(std::string page, const std::string& next) {
  const auto at = page.find("{next}");
  if (at != std::string::npos) {
    page.replace(at, 6, next);
  }
  return page;
}

}  // namespace atpipe::connectors::fhir::test
