#include "transforms/episodes/census_candidates.hpp"

namespace atpipe::transforms {

void add_census_candidate(std::vector<const MergedPatient*>& at_cut, const MergedPatient& p) {
  if (p.record.get(core::Field::S17ExtendedLeave) == "Y") {
    return;
  }
  if (!at_cut.empty() && at_cut.back()->person == p.person) {
    at_cut.back() = &p;
  } else {
    at_cut.push_back(&p);
  }
}

}  // namespace atpipe::transforms
