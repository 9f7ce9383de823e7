#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/model.hpp"
#include "core/expected.hpp"
#include "daemon/status/status_snapshot.hpp"

namespace atpipe::daemon::status {

// The published output set of one period (<outputs.directory>/<period>, see README "Where
// outputs go"), read for the dashboard: which query list files may be downloaded, and the
// reject log counted by source, rule and field. Only names its MANIFEST lists are ever
// opened, so a request can never reach any other file. Stateless; any thread.

// The query list files (csv, xlsx; everyone's and per owner) of the set; nullopt when the
// period has no published set or its MANIFEST cannot be read.
[[nodiscard]] std::optional<DownloadSet> published_downloads(const config::Config& cfg,
                                                             const std::string& period);

// The errors of the set's reject log, grouped; empty when there is no set or no log.
[[nodiscard]] core::Expected<std::vector<RejectGroup>> published_rejects(const config::Config& cfg,
                                                                         const std::string& period);

// True for "2026-10": the only period names a request may use.
[[nodiscard]] bool is_period(const std::string& text);

}  // namespace atpipe::daemon::status
