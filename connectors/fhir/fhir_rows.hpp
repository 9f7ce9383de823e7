#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connectors/fhir/fhir_bundle.hpp"
#include "connectors/fhir/fhir_config.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::fhir {

// The fixed columns a fhir source gives for `resource`; a mapping names these.
[[nodiscard]] const std::vector<std::string>& columns_for(Resource resource);

// "Encounter" or "Patient".
[[nodiscard]] std::string_view resource_name(Resource resource);

// One row per Encounter (in search order, numbered from 1) joined to its included Patient.
// An Encounter whose patient was not included keeps its own values and gets a row problem, so
// it is rejected with a reason instead of arriving without an NHS number.
[[nodiscard]] std::vector<core::RawRow> encounter_rows(
    const std::vector<EncounterFields>& encounters, const std::vector<PatientFields>& patients);

// One row per Patient, numbered from 1.
[[nodiscard]] std::vector<core::RawRow> patient_rows(const std::vector<PatientFields>& patients);

}  // namespace atpipe::connectors::fhir
