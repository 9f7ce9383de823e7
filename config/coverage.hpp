#pragma once

#include <vector>

#include "config/model.hpp"

namespace atpipe::config {

// The items every record of the return needs (mandatory in at-spec §6, plus the v4 items
// gender identity and bed type) that no AT source maps, so that every record would be
// rejected for them. Items atpipe fills itself are left out: spec_version (the version in
// force), and delayed_discharge when care_plan_status is mapped (derived from it).
// check-config warns about them; a config that maps them through a source the run cannot
// reach is not its business.
[[nodiscard]] std::vector<core::Field> unmapped_required_fields(const Config& config);

}  // namespace atpipe::config
