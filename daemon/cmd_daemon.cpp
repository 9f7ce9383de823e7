#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <random>

#include "config/default_sink_registry.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/service/daemon.hpp"
#include "daemon/service/daemon_loop.hpp"
#include "daemon/service/daemon_status.hpp"
#include "daemon/service/notifier.hpp"
#include "daemon/submit_job.hpp"

namespace atpipe::daemon {

int daemon_command(const DaemonCommand& cmd, const config::SourceRegistry& registry) {
  service::DaemonHooks hooks;
  // The only wall clock and randomness of the daemon; everything below takes them injected.
  hooks.now = [] { return std::chrono::system_clock::now(); };
  hooks.random = [] { return std::random_device{}(); };
  // The schedule's submission step is `atpipe submit` for the period (submit_job.hpp): sign-off,
  // the ledger and its resume rules apply as they do at the terminal.
  hooks.submission_enabled = [](const config::Config& c) { return c.submission != nullptr; };
  hooks.submit = [now = hooks.now](const config::ConfigPtr& cfg,
                                   const std::string& period) -> core::Expected<std::string> {
    const auto& sinks = config::default_sink_registry();
    if (!sinks) {
      return core::fail(sinks.error());
    }
    SubmitOptions options;
    options.period = period;
    options.now = now;
    auto done = submit_period(*cfg, *sinks, options);
    if (!done) {
      return core::fail(done.error());
    }
    return done->message;
  };
  service::Daemon daemon(cmd.config, registry, std::move(hooks));
  if (auto loaded = daemon.load(); !loaded) {
    std::cerr << loaded.error().message() << "\n";
    return kExitConfig;
  }
  if (cmd.status_listen) {
    // A wrong --status-listen is the command line's fault: refused before anything starts.
    if (auto moved = config::override_listen(daemon.config()->status, *cmd.status_listen); !moved) {
      std::cerr << "atpipe daemon: " << moved.error().message() << "\n";
      return moved.error().code() == core::ErrorCode::Parse ? kExitUsage : kExitConfig;
    }
  }
  spdlog::info("atpipe daemon starting with {}", cmd.config);
  service::SystemdNotifier notifier;
  service::LoopOptions options;
  options.stop_bound = std::chrono::seconds(cmd.stop_timeout_seconds);
  service::DaemonLoop loop(daemon, notifier, options);
  service::DaemonStatus status(loop.io(), daemon, cmd.status_listen);
  if (auto started = status.start(); !started) {
    // The schedule matters more than the dashboard: the daemon goes on without it.
    spdlog::error("status API not started: {}", started.error().describe());
  }
  switch (loop.run()) {
    case 0:
      return kExitOk;
    case 5:
      return kExitIo;
    default:
      return kExitInternal;
  }
}

}  // namespace atpipe::daemon
