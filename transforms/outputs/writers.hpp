#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "transforms/merge/merge.hpp"
#include "transforms/outputs/byte_sink.hpp"
#include "transforms/period/period.hpp"
#include "transforms/reconcile/exact.hpp"

namespace atpipe::transforms {

// The AT return: one row per episode in the period, columns in core::Field order under
// their national names, national codes, ';' between the values of one item, NHS numbers
// without spaces, CRLF line ends and dates in `date_format` (strftime-style; the CAP upload
// convention is %d/%m/%Y, at-spec §1.2), C(E)TR history dates included.
[[nodiscard]] std::string render_return(const std::vector<const MergedPatient*>& patients,
                                        const Period& period,
                                        const std::string& date_format = "%d/%m/%Y");
// Called with each episode the return writes, in order, with its membership, so that another
// result (the summary) is made in the same walk while the record is at hand.
using ReturnRowObserver = std::function<void(const MergedPatient&, Membership)>;
// The same text, streamed to `out` as it is made; `observe` (when set) sees each episode.
void write_return(const std::vector<const MergedPatient*>& patients, const Period& period,
                  const std::string& date_format, ByteSink& out,
                  const ReturnRowObserver& observe = {});

// The audit links file: one row per linked AT/census pair with method, weight, probability.
[[nodiscard]] std::string render_links(const std::vector<Link>& links);
// The same text, streamed to `out` as it is made.
void write_links(const std::vector<Link>& links, ByteSink& out);

// One row per finding of the given severity on each record (the reject log uses errors of
// rejected records; the warnings log the warnings of accepted ones). The text of
// write_findings() (finding_log_text.hpp), kept whole.
[[nodiscard]] std::string render_findings(const std::vector<const core::Record*>& records,
                                          core::Severity severity);

}  // namespace atpipe::transforms
