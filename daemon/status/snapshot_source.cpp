#include "daemon/status/snapshot_source.hpp"

#include <date/date.h>

#include <chrono>

namespace atpipe::daemon::status {

std::string now_iso_utc() {
  return date::format("%FT%TZ",
                      date::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

StatusSnapshot read_snapshot(const config::Config& cfg, store::Database* db, SnapshotScope scope,
                             const StoreReadOptions& options) {
  StatusSnapshot s;
  s.generated_at = now_iso_utc();
  s.commissioner = cfg.organisation.commissioner;
  s.config_file = cfg.file.string();
  s.config_loaded = true;
  if (db != nullptr) {
    s.store = read_store_facts(*db, cfg, scope, options);
  } else {
    s.store.error = "no state database at " + cfg.state.sqlite.string() + " (no runs yet)";
  }
  return s;
}

SnapshotFn make_snapshot_fn(config::ConfigPtr cfg, store::Database& db, DaemonHooks hooks,
                            StoreReadOptions options) {
  return [cfg = std::move(cfg), &db, hooks = std::move(hooks), options](SnapshotScope scope) {
    const config::ConfigPtr current = hooks.config ? hooks.config() : cfg;
    StatusSnapshot s = read_snapshot(current ? *current : *cfg, &db, scope, options);
    if (hooks.facts) {
      s.daemon = hooks.facts();
    }
    return s;
  };
}

}  // namespace atpipe::daemon::status
