#include "transforms/episodes/patient_findings.hpp"

namespace atpipe::transforms {

void append_patient_findings(const MergedPatient& p, std::vector<core::Record>& out) {
  for (const auto& f : p.record.findings) {
    core::Record rec;
    auto field = core::field_by_name(f.field);
    std::size_t index =
        field ? p.field_origin[static_cast<std::size_t>(*field)] : MergedPatient::kNone;
    if (index == MergedPatient::kNone) {
      index = 0;
    }
    rec.where = p.origins[index];
    const auto& ref = p.local_refs[index];
    rec.set(core::Field::LocalId, ref.substr(ref.find(':') + 1));
    auto finding = f;
    if (finding.severity == core::Severity::Error) {
      finding.message += " (patient-level check on the merged record)";
    }
    rec.findings.push_back(std::move(finding));
    out.push_back(std::move(rec));
  }
}

}  // namespace atpipe::transforms
