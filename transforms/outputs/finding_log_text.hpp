#pragma once

#include <string>
#include <vector>

#include "core/record.hpp"
#include "transforms/outputs/byte_sink.hpp"
#include "transforms/outputs/finding_log.hpp"

namespace atpipe::transforms {

// The warnings log from light finding logs (source rows first, then patient-level findings):
// the same columns and rows as render_findings() gives for the records they were made from.
[[nodiscard]] std::string render_finding_logs(const std::vector<const FindingLog*>& logs);
// The same text, streamed to `out` as it is made (the log has a row per warning of every row).
void write_finding_logs(const std::vector<const FindingLog*>& logs, ByteSink& out);

// The same columns for each finding of `severity` on each record, in order, read from the
// records as they are (the reject log: no light log is built for it), streamed to `out`.
void write_findings(const std::vector<const core::Record*>& records, core::Severity severity,
                    ByteSink& out);

}  // namespace atpipe::transforms
