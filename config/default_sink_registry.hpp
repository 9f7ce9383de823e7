#pragma once

#include "config/sink_registry.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// The sink registry built once from this binary's registrars (the sink connectors linked in),
// for the commands whose signatures carry only the source registry (check-config, describe,
// run). main() calls it at start-up so that a duplicate sink type stops the process there.
[[nodiscard]] const core::Expected<SinkRegistry>& default_sink_registry();

}  // namespace atpipe::config
