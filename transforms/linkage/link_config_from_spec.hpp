#pragma once

#include "config/model.hpp"
#include "core/expected.hpp"
#include "transforms/linkage/link_config.hpp"

namespace atpipe::transforms::linkage {

// Turns the reconcile section of the YAML into the engine's config: unknown fields, methods
// or blocking parts, and combinations the engine cannot run, are errors naming the config
// position (check-config reports them; a run refuses to start).
[[nodiscard]] core::Expected<LinkageConfig> from_spec(const config::ReconcileSpec& spec);

}  // namespace atpipe::transforms::linkage
