#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <iostream>

#include "config/loader.hpp"
#include "daemon/commands.hpp"
#include "daemon/exit_codes.hpp"
#include "daemon/status/snapshot_source.hpp"
#include "daemon/status/status_client.hpp"
#include "daemon/status/status_render.hpp"
#include "daemon/status/status_server.hpp"
#include "daemon/status/status_text.hpp"

namespace atpipe::daemon {
namespace {

constexpr std::chrono::milliseconds kDaemonTimeout{2000};

// /status as the daemon answers it, or rendered from the state store when nothing listens.
// `from_daemon` says which; nullopt (after printing why) when neither can be had.
std::optional<std::string> status_json(const config::Config& cfg, bool& from_daemon) {
  auto answer = status::fetch_from_server(cfg.status, "/status", kDaemonTimeout);
  if (answer) {
    from_daemon = true;
    return std::move(*answer);
  }
  if (answer.error().code() != core::ErrorCode::Network) {
    // Something listens but refused us: reading the store instead would hide that.
    std::cerr << "atpipe status: " << answer.error().message() << "\n";
    return std::nullopt;
  }
  from_daemon = false;
  std::optional<store::Database> db;
  if (std::filesystem::exists(cfg.state.sqlite)) {
    auto opened = store::Database::open(cfg.state.sqlite);
    if (!opened) {
      std::cerr << "atpipe status: " << opened.error().describe() << "\n";
    } else {
      db.emplace(std::move(*opened));
    }
  }
  const auto snapshot =
      status::read_snapshot(cfg, db ? &*db : nullptr, status::SnapshotScope::Status, {});
  return status::render_status_json(snapshot);
}

}  // namespace

int status_command(const StatusCommand& cmd, const config::SourceRegistry& registry) {
  auto cfg = load_config_or_report(cmd.config, registry);
  if (!cfg) {
    return kExitConfig;
  }
  bool from_daemon = false;
  auto json = status_json(*cfg, from_daemon);
  if (!json) {
    return kExitIo;
  }
  // Both renderings come from RapidJSON's compact writer, so this is the field as written.
  const bool reachable = json->find("\"reachable\":true") != std::string::npos;
  if (cmd.json) {
    std::cout << *json;
    return reachable ? kExitOk : kExitIo;
  }
  std::cout << "answered by:      "
            << (from_daemon ? "the status server at " + cfg->status.listen()
                            : "the state store (no status server at " + cfg->status.listen() + ")")
            << "\n";
  if (auto printed = status::print_status_text(*json, std::cout); !printed) {
    std::cerr << "atpipe status: " << printed.error().message() << "\n";
    return kExitIo;
  }
  return reachable ? kExitOk : kExitIo;
}

int serve_status_command(const ServeStatusCommand& cmd, const config::SourceRegistry& registry) {
  auto cfg = load_config_or_report(cmd.config, registry);
  if (!cfg) {
    return kExitConfig;
  }
  config::StatusSpec spec = cfg->status;
  if (cmd.listen) {
    auto moved = config::override_listen(spec, *cmd.listen);
    if (!moved) {
      std::cerr << "atpipe serve-status: " << moved.error().message() << "\n";
      return moved.error().code() == core::ErrorCode::Parse ? kExitUsage : kExitConfig;
    }
    spec = std::move(*moved);
  }
  auto db = store::Database::open(cfg->state.sqlite);
  if (!db) {
    std::cerr << "atpipe serve-status: " << db.error().describe() << "\n";
    return kExitIo;
  }
  boost::asio::io_context io;
  status::StatusServer server(io, spec, status::make_snapshot_fn(cfg, *db));
  if (auto started = server.start(); !started) {
    std::cerr << "atpipe serve-status: " << started.error().describe() << "\n";
    return started.error().code() == core::ErrorCode::Config ? kExitConfig : kExitIo;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    server.stop();
    io.stop();
  });
  spec.port = server.port();
  std::cout << "atpipe status server listening on " << (spec.tls() ? "https" : "http") << "://"
            << spec.listen() << "/" << (spec.token_required() ? " (token required)" : "")
            << std::endl;
  io.run();
  spdlog::info("status server stopped");
  return kExitOk;
}

}  // namespace atpipe::daemon
