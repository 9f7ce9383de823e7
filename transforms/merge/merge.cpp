#include "transforms/merge/merge.hpp"

#include <unicode/unistr.h>
#include <algorithm>

#include <map>

namespace atpipe::transforms {
namespace {

// Names differ in case between systems (the register writes BRONTË, the trust Brontë); that
// is not a disagreement. ICU folds case for every script, not just ASCII.
bool same_value(core::FieldKind kind, const std::string& a, const std::string& b) {
  if (a == b) {
    return true;
  }
  if (kind != core::FieldKind::Text) {
    return false;
  }
  auto fa = icu::UnicodeString::fromUTF8(a).foldCase();
  auto fb = icu::UnicodeString::fromUTF8(b).foldCase();
  return fa == fb;
}

}  // namespace

std::vector<MergedPatient> merge_by_nhs_number(std::vector<core::Record> records) {
  std::stable_sort(records.begin(), records.end(),
                   [](const core::Record& a, const core::Record& b) {
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
    patient.field_origin.fill(MergedPatient::kNone);
    patient.record.where = records[i].where;
    patient.record.precedence = records[i].precedence;
    for (; j < records.size() && records[j].get(core::Field::NhsNumber) == nhs; ++j) {
      const auto& r = records[j];
      for (const auto& info : core::all_fields()) {
        if (!r.has(info.id)) {
          continue;
        }
        auto index = static_cast<std::size_t>(info.id);
        if (!patient.record.has(info.id)) {
          patient.record.set(info.id, r.get(info.id));
          patient.field_origin[index] = patient.origins.size();
        } else if (info.id != core::Field::LocalId &&
                   !same_value(info.kind, patient.record.get(info.id), r.get(info.id))) {
          patient.conflicts.push_back({info.id, patient.field_origin[index], patient.origins.size(),
                                       patient.record.get(info.id), r.get(info.id)});
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

const core::Provenance& MergedPatient::origin_of(core::Field f) const {
  auto index = field_origin[static_cast<std::size_t>(f)];
  return index == kNone ? record.where : origins[index];
}

}  // namespace atpipe::transforms
