#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <random>

#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/service/daemon.hpp"
#include "daemon/service/daemon_loop.hpp"
#include "daemon/service/notifier.hpp"

namespace atpipe::daemon {

int daemon_command(const DaemonCommand& cmd, const config::SourceRegistry& registry) {
  service::DaemonHooks hooks;
  // The only wall clock and randomness of the daemon; everything below takes them injected.
  hooks.now = [] { return std::chrono::system_clock::now(); };
  hooks.random = [] { return std::random_device{}(); };
  // TODO(lead): wire hooks.submit and hooks.submission_enabled to the submission module (5/7);
  // until then every submission step is skipped with a log line saying so.
  service::Daemon daemon(cmd.config, registry, std::move(hooks));
  if (auto loaded = daemon.load(); !loaded) {
    std::cerr << loaded.error().message() << "\n";
    return kExitConfig;
  }
  spdlog::info("atpipe daemon starting with {}", cmd.config);
  service::SystemdNotifier notifier;
  service::LoopOptions options;
  options.stop_bound = std::chrono::seconds(cmd.stop_timeout_seconds);
  service::DaemonLoop loop(daemon, notifier, options);
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
