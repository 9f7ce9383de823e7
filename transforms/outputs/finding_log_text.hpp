#pragma once

#include <string>
#include <vector>

#include "transforms/outputs/finding_log.hpp"

namespace atpipe::transforms {

// The warnings log from light finding logs (source rows first, then patient-level findings):
// the same columns and rows as render_findings() gives for the records they were made from.
[[nodiscard]] std::string render_finding_logs(const std::vector<const FindingLog*>& logs);

}  // namespace atpipe::transforms
