#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/status_model.hpp"
#include "daemon/status/status_snapshot.hpp"

namespace atpipe::daemon::status {

using SnapshotFn = std::function<StatusSnapshot(SnapshotScope)>;

// A request as the router needs it: method, target (path and query) and Authorization header.
struct RouteRequest {
  std::string method;
  std::string target;
  std::string authorization;
};

struct RouteResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The status server's routes, apart from the network so they can be tested alone:
//   /healthz            open to all: up, config loaded, state store reachable
//   / and /assets/NAME  open to all: the dashboard's HTML, CSS and JS (they hold no data)
//   /status, /metrics, /api/dashboard, /download/PERIOD/NAME   need the token when one is
//   required (StatusSpec::token_required): "Authorization: Bearer TOKEN", else 401.
// Only GET and HEAD. Calls `snapshot` once per data request. Any thread.
[[nodiscard]] RouteResponse route(const RouteRequest& request, const config::StatusSpec& spec,
                                  const SnapshotFn& snapshot);

// Whether `authorization` carries the configured token; compared in constant time.
[[nodiscard]] bool bearer_allowed(const config::StatusSpec& spec, std::string_view authorization);

}  // namespace atpipe::daemon::status
