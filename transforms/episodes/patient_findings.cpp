#include "transforms/episodes/patient_findings.hpp"

namespace atpipe::transforms {

namespace {

// The source row that supplied the finding's field, or the winning row for a missing value.
std::size_t origin_of(const MergedPatient& p, const core::Finding& f) {
  auto field = core::field_by_name(f.field);
  std::size_t index =
      field ? p.field_origin[static_cast<std::size_t>(*field)] : MergedPatient::kNone;
  return index == MergedPatient::kNone ? 0 : index;
}

std::string local_id_at(const MergedPatient& p, std::size_t index) {
  const auto& ref = p.local_refs[index];
  return ref.substr(ref.find(':') + 1);
}

}  // namespace

void append_patient_findings(const MergedPatient& p, FindingLog& out) {
  for (const auto& f : p.record.findings) {
    if (f.severity == core::Severity::Warning) {
      const auto index = origin_of(p, f);
      out.add(p.origins[index], local_id_at(p, index), f);
    }
  }
}

void append_patient_findings(const MergedPatient& p, std::vector<core::Record>& out) {
  for (const auto& f : p.record.findings) {
    core::Record rec;
    const auto index = origin_of(p, f);
    rec.where = p.origins[index];
    rec.set(core::Field::LocalId, local_id_at(p, index));
    auto finding = f;
    if (finding.severity == core::Severity::Error) {
      finding.message += " (patient-level check on the merged record)";
    }
    rec.findings.push_back(std::move(finding));
    out.push_back(std::move(rec));
  }
}

}  // namespace atpipe::transforms
