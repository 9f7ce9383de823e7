#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>

#include "config/status_model.hpp"
#include "core/expected.hpp"
#include "daemon/status/status_routes.hpp"

namespace atpipe::daemon::status {

// The status API and dashboard over HTTP(S) (Boost.Beast) on the io_context it is given, so
// the daemon can share its own: every handler, and every call of `snapshot`, runs on that
// context's thread(s). Serves the routes of status_routes.hpp; TLS when the spec names a
// certificate and key. Owned by the daemon (or `atpipe serve-status`); start() and stop() from
// the context's thread or before it runs.
class StatusServer {
 public:
  StatusServer(boost::asio::io_context& io, config::StatusSpec spec, SnapshotFn snapshot);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds and starts accepting; an address in use, a host that is not an address, or TLS files
  // that do not load are errors (ErrorCode::Network or Config) and nothing is listening.
  [[nodiscard]] core::Expected<void> start();
  // Stops accepting; connections already open finish their request.
  void stop();
  // The port bound (the spec's, or the one the system chose for port 0); 0 before start().
  [[nodiscard]] std::uint16_t port() const;

  struct State;  // shared with the connections, which may outlive a stopped server

 private:
  std::shared_ptr<State> state_;
};

}  // namespace atpipe::daemon::status
