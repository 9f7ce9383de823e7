#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/expected.hpp"
#include "daemon/service/daemon.hpp"
#include "daemon/status/status_server.hpp"
#include "store/database.hpp"

namespace atpipe::daemon::service {

// The status API, /metrics and the dashboard served on the daemon's own io_context
// (`status:` of the config it started with), with the facts only the daemon knows: the config
// in force and its generation, the next cut and submission, each source's last pull. The
// server reads the state store through its own read connection, on the io_context's thread;
// it stops with the io_context.
class DaemonStatus {
 public:
  // `listen` (HOST:PORT) replaces the config's status.listen when set.
  DaemonStatus(boost::asio::io_context& io, const Daemon& daemon,
               std::optional<std::string> listen = std::nullopt);
  // Opens the read connection and starts listening; on failure nothing listens.
  [[nodiscard]] core::Expected<void> start();

 private:
  [[nodiscard]] status::DaemonFacts facts();

  boost::asio::io_context& io_;
  const Daemon& daemon_;
  std::optional<std::string> listen_;
  std::optional<store::Database> db_;
  std::unique_ptr<status::StatusServer> server_;
};

}  // namespace atpipe::daemon::service
