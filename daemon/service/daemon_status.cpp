#include "daemon/service/daemon_status.hpp"

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "daemon/status/snapshot_source.hpp"
#include "store/schedule_store.hpp"

namespace atpipe::daemon::service {

DaemonStatus::DaemonStatus(boost::asio::io_context& io, const Daemon& daemon,
                           std::optional<std::string> listen)
    : io_(io), daemon_(daemon), listen_(std::move(listen)) {}

core::Expected<void> DaemonStatus::start() {
  const auto cfg = daemon_.config();
  if (!cfg) {
    return core::fail(core::ErrorCode::Internal, "the status server starts after the config");
  }
  config::StatusSpec spec = cfg->status;
  if (listen_) {
    auto moved = config::override_listen(spec, *listen_);
    if (!moved) {
      return core::fail(moved.error());
    }
    spec = std::move(*moved);
  }
  auto db = store::Database::open(cfg->state.sqlite);
  if (!db) {
    return core::fail(db.error());
  }
  db_.emplace(std::move(*db));
  status::DaemonHooks hooks;
  hooks.facts = [this] { return facts(); };
  hooks.config = [this] { return daemon_.config(); };
  server_ =
      std::make_unique<status::StatusServer>(io_, spec, status::make_snapshot_fn(cfg, *db_, hooks));
  if (auto started = server_->start(); !started) {
    server_.reset();
    return started;
  }
  spdlog::info("status API and dashboard on {}://{}/", spec.tls() ? "https" : "http",
               spec.listen());
  return {};
}

status::DaemonFacts DaemonStatus::facts() {
  const DaemonView view = daemon_.view();
  status::DaemonFacts out;
  out.running = true;
  out.config_version = "generation " + std::to_string(view.config_generation);
  out.config_loaded_at = view.config_loaded_at;
  out.next_cut = view.next_cut.value_or("");
  out.next_submission = view.next_submission.value_or("");
  if (!db_) {
    return out;
  }
  auto pulls = store::ScheduleStore(*db_).pulls();
  if (!pulls) {
    return out;
  }
  for (const auto& pull : *pulls) {
    out.source_pulls.push_back({pull.source, pull.last_success_at, pull.last_error});
  }
  return out;
}

}  // namespace atpipe::daemon::service
