#pragma once

#include <optional>
#include <string>

#include "daemon/status/status_snapshot.hpp"

namespace atpipe::daemon::status {

// The bodies the status server sends, rendered from one snapshot. Pure functions; any thread.

// /healthz: {"up":true,"config_loaded":…,"state_store":…}; `healthy` says whether to send 200.
struct Health {
  std::string body;
  bool healthy = false;
};
[[nodiscard]] Health render_health(const StatusSnapshot& s);

// /status: config version and load time, next cut and submission, the last run and its counts,
// the last submission, open queries by owner and age band, each source's last successful pull.
[[nodiscard]] std::string render_status_json(const StatusSnapshot& s);

// /api/dashboard: runs, submissions, the open query list (NHS numbers masked), the rejects of
// the last published set, open queries by period and the files that may be downloaded.
[[nodiscard]] std::string render_dashboard_json(const StatusSnapshot& s);

// Seconds since the epoch of "2026-11-23T10:15:00Z" (or with an offset), nullopt if malformed.
[[nodiscard]] std::optional<long long> epoch_seconds(const std::string& iso);

// Each configured source's last successful pull: the daemon's when it knows, else the newest
// listed run that read the source.
[[nodiscard]] std::vector<SourcePull> last_pulls(const StatusSnapshot& s);

}  // namespace atpipe::daemon::status
