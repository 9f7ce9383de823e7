#pragma once

#include <chrono>
#include <string>

#include "config/status_model.hpp"
#include "core/expected.hpp"

namespace atpipe::daemon::status {

// GETs `path` from the status server `spec` describes (with its token, over TLS trusting only
// the configured certificate when TLS is on). A refused connection or a timeout is
// ErrorCode::Network ("is the daemon running?"); any status but 200 is ErrorCode::Auth (401)
// or ErrorCode::Parse. Blocks for at most `timeout`; any thread.
[[nodiscard]] core::Expected<std::string> fetch_from_server(const config::StatusSpec& spec,
                                                            const std::string& path,
                                                            std::chrono::milliseconds timeout);

}  // namespace atpipe::daemon::status
