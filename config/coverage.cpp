#include "config/coverage.hpp"

#include <set>

namespace atpipe::config {

std::vector<core::Field> unmapped_required_fields(const Config& config) {
  std::set<core::Field> mapped;
  for (const auto& source : config.sources) {
    if (source.role != SourceRole::At) {
      continue;
    }
    for (const auto& m : source.mapping) {
      mapped.insert(m.field);
    }
  }
  std::vector<core::Field> out;
  for (const auto& info : core::all_fields()) {
    bool required = info.requirement == 'M' || info.id == core::Field::GenderIdentity ||
                    info.id == core::Field::BedType;
    bool filled_by_atpipe =
        info.id == core::Field::SpecVersion ||
        (info.id == core::Field::DelayedDischarge && mapped.count(core::Field::CarePlanStatus));
    if (required && !filled_by_atpipe && mapped.count(info.id) == 0) {
      out.push_back(info.id);
    }
  }
  return out;
}

}  // namespace atpipe::config
