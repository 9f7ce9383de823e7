#pragma once

#include <vector>

#include "core/record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/finding_log.hpp"

namespace atpipe::transforms {

// Appends one record per finding of a merged patient, placed at the source row that supplied
// the finding's field (or the winning row, for a missing value), so that the reject and
// warnings logs point where to fix it. Errors say they came from the patient-level check.
void append_patient_findings(const MergedPatient& p, std::vector<core::Record>& out);
// The same for the warnings of a patient that is returned, into the light log the warnings
// log is written from (a returned patient's findings are all warnings).
void append_patient_findings(const MergedPatient& p, FindingLog& out);

}  // namespace atpipe::transforms
