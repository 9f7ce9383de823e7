#pragma once

#include <ostream>
#include <string>

#include "core/expected.hpp"

namespace atpipe::daemon::status {

// `atpipe status` for a person at a terminal: the /status JSON (from the daemon, or rendered
// from the state store when none answers) laid out as labelled lines. A body that is not
// /status JSON is an ErrorCode::Parse error. Pure; any thread.
[[nodiscard]] core::Expected<void> print_status_text(const std::string& status_json,
                                                     std::ostream& out);

}  // namespace atpipe::daemon::status
