#pragma once

#include <functional>
#include <memory>

#include "config/model.hpp"
#include "daemon/status/status_routes.hpp"
#include "daemon/status/store_facts.hpp"
#include "store/database.hpp"

namespace atpipe::daemon::status {

// What the daemon hands the server besides the store: the facts only it knows, and the config
// in force (a SIGHUP reload swaps it). Both called on the server's io_context thread.
struct DaemonHooks {
  std::function<DaemonFacts()> facts;         // null: not running (serve-status, tests)
  std::function<config::ConfigPtr()> config;  // null: the config given to make_snapshot_fn
};

// The snapshot function a StatusServer calls: DaemonFacts from `hooks`, the rest read from
// `db` (which must outlive the server and is used only from the server's thread) and the
// newest published output set of `cfg`.
[[nodiscard]] SnapshotFn make_snapshot_fn(config::ConfigPtr cfg, store::Database& db,
                                          DaemonHooks hooks = {}, StoreReadOptions options = {});

// One snapshot without a server, for `atpipe status` when no daemon answers.
[[nodiscard]] StatusSnapshot read_snapshot(const config::Config& cfg, store::Database* db,
                                           SnapshotScope scope, const StoreReadOptions& options);

// Now, as UTC ISO 8601.
[[nodiscard]] std::string now_iso_utc();

}  // namespace atpipe::daemon::status
