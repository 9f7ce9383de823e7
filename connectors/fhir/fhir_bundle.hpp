#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/provenance.hpp"

namespace atpipe::connectors::fhir {

// The fields atpipe reads from one Patient resource.
struct PatientFields {
  std::string id;
  std::string full_url;  // the entry's fullUrl, which a reference may use instead of Patient/id
  std::string nhs_number;
  std::string surname;
  std::string forename;
  std::string birth_date;
  std::string gender;
  std::string postcode;
};

// The fields atpipe reads from one Encounter resource.
struct EncounterFields {
  std::string id;
  std::string subject;  // the reference as given: Patient/1, an absolute URL, urn:uuid:...
  std::string admission_date;
  std::string discharge_date;
  std::string admit_source;
  std::string discharge_disposition;
  std::string provider;
};

// What one page of a search returned: the matches and included resources, in order, and the
// link to the next page.
struct BundlePage {
  std::vector<EncounterFields> encounters;
  std::vector<PatientFields> patients;
  std::optional<std::string> next;  // the `link` with relation "next"
  std::size_t outcomes = 0;         // OperationOutcome entries (search warnings)
  std::size_t other = 0;            // entries of any other resource type, ignored
};

// Parses one page of a FHIR R4 search. Not JSON, an OperationOutcome, or anything other than a
// Bundle fail with "page N: ..." at `where`. Identifiers are read with `nhs_number_system`.
[[nodiscard]] core::Expected<BundlePage> read_bundle(std::string_view body,
                                                     const std::string& nhs_number_system,
                                                     std::size_t page,
                                                     const core::Provenance& where);

// A short, value-free summary of an OperationOutcome body ("error not-found: Unknown
// resource type"), or "" when the body is not one. Used for HTTP error responses.
[[nodiscard]] std::string explain_outcome(std::string_view body);

// "Patient/123" from "Patient/123", "https://server/fhir/Patient/123/_history/2" and the like;
// "" when the reference does not end in a Patient id.
[[nodiscard]] std::string patient_key(std::string_view reference);

}  // namespace atpipe::connectors::fhir
