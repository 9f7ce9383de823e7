#include "transforms/episodes/census_candidates.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace atpipe::transforms {
namespace {

// The rules on the NHS number itself (at-spec "NHS number"): missing, malformed, failing the
// check digit, in a range never issued.
constexpr std::array<std::string_view, 4> kNhsNumberRules = {"AT-R010", "AT-R011", "AT-R012",
                                                             "AT-R013"};

}  // namespace

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

bool rejected_only_for_nhs_number(const core::Record& rec) {
  bool any = false;
  for (const auto& f : rec.findings) {
    if (f.severity != core::Severity::Error) {
      continue;
    }
    if (std::find(kNhsNumberRules.begin(), kNhsNumberRules.end(), f.rule) ==
        kNhsNumberRules.end()) {
      return false;
    }
    any = true;
  }
  return any;
}

}  // namespace atpipe::transforms
