#include "transforms/merge/merge.hpp"

#include <algorithm>
#include <map>

namespace atpipe::transforms {

std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records) {
  std::stable_sort(records.begin(), records.end(), [](const core::Record& a, const core::Record& b) {
    const auto& na = a.get(core::Field::NhsNumber);
    const auto& nb = b.get(core::Field::NhsNumber);
    if (na != nb) {
      return na < nb;
    }
    if (a.precedence != b.precedence) {
      return a.precedence < b.precedence;
    }
    if (a.where.source != b.where.source) {
      return a.where.source < b.where.source;
    }
    return a.where.row < b.where.row;
  });
  std::vector<MergedPatient> out;
  for (std::size_t i = 0; i < records.size();) {
    std::size_t j = i;
    const auto& nhs = records[i].get(core::Field::NhsNumber);
    MergedPatient patient;
    patient.record.where = records[i].where;
    patient.record.precedence = records[i].precedence;
    for (; j < records.size() && records[j].get(core::Field::NhsNumber) == nhs; ++j) {
      const auto& r = records[j];
      for (const auto& info : core::all_fields()) {
        if (!patient.record.has(info.id) && r.has(info.id)) {
          patient.record.set(info.id, r.get(info.id));
        }
      }
      patient.origins.push_back(r.where);
      patient.local_refs.push_back(r.where.source + ":" + r.get(core::Field::LocalId));
    }
    out.push_back(std::move(patient));
    i = j;
  }
  return out;
}

}  // namespace atpipe::transforms
