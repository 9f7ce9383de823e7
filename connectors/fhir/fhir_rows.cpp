#include "connectors/fhir/fhir_rows.hpp"

#include <map>

namespace atpipe::connectors::fhir {

const std::vector<std::string>& columns_for(Resource resource) {
  static const std::vector<std::string> encounter = {"encounter_id",
                                                     "nhs_number",
                                                     "surname",
                                                     "forename",
                                                     "birth_date",
                                                     "gender",
                                                     "postcode",
                                                     "admission_date",
                                                     "discharge_date",
                                                     "admit_source",
                                                     "discharge_disposition",
                                                     "provider"};
  static const std::vector<std::string> patient = {
      "patient_id", "nhs_number", "surname", "forename", "birth_date", "gender", "postcode"};
  return resource == Resource::Encounter ? encounter : patient;
}

std::string_view resource_name(Resource resource) {
  return resource == Resource::Encounter ? "Encounter" : "Patient";
}

std::vector<core::RawRow> encounter_rows(const std::vector<EncounterFields>& encounters,
                                         const std::vector<PatientFields>& patients) {
  // A page may include a patient before or after the page holding its encounter, so the join
  // waits until every page is in.
  std::map<std::string, const PatientFields*> by_reference;
  for (const auto& patient : patients) {
    by_reference.emplace("Patient/" + patient.id, &patient);
    if (!patient.full_url.empty()) {
      by_reference.emplace(patient.full_url, &patient);
    }
  }
  const PatientFields none;
  std::vector<core::RawRow> rows;
  rows.reserve(encounters.size());
  for (const auto& encounter : encounters) {
    core::RawRow row;
    row.row = rows.size() + 1;
    auto found = by_reference.find(encounter.subject);
    if (found == by_reference.end()) {
      found = by_reference.find(patient_key(encounter.subject));
    }
    const PatientFields* patient = found == by_reference.end() ? &none : found->second;
    if (encounter.subject.empty()) {
      row.problem = "the Encounter has no subject, so it cannot be tied to a patient";
    } else if (patient == &none) {
      row.problem =
          "the Encounter's patient was not among the included Patients; check that the server "
          "supports _include=Encounter:subject";
    }
    row.values = {encounter.id,
                  patient->nhs_number,
                  patient->surname,
                  patient->forename,
                  patient->birth_date,
                  patient->gender,
                  patient->postcode,
                  encounter.admission_date,
                  encounter.discharge_date,
                  encounter.admit_source,
                  encounter.discharge_disposition,
                  encounter.provider};
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<core::RawRow> patient_rows(const std::vector<PatientFields>& patients) {
  std::vector<core::RawRow> rows;
  rows.reserve(patients.size());
  for (const auto& patient : patients) {
    core::RawRow row;
    row.row = rows.size() + 1;
    row.values = {patient.id,         patient.nhs_number, patient.surname, patient.forename,
                  patient.birth_date, patient.gender,     patient.postcode};
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace atpipe::connectors::fhir
