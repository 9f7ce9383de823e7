#pragma once

#include <string>

#include "daemon/status/status_snapshot.hpp"

namespace atpipe::daemon::status {

// /metrics in the Prometheus text exposition format (version 0.0.4): runs by outcome, the last
// run's rows per source and linkage outcomes, open queries, submission states, connector errors
// by kind, last success timestamps and durations. Pure; any thread.
[[nodiscard]] std::string render_metrics(const StatusSnapshot& s);

// A label value with \, " and line feeds escaped as the format asks.
[[nodiscard]] std::string escape_label(const std::string& value);

}  // namespace atpipe::daemon::status
