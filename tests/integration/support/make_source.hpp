#pragma once

#include <string>

#include "core/source.hpp"

namespace atpipe::testing {

// Builds a source the way the loader does: the registered factory for `type` reads `yaml` (the
// connector's own keys) and makes an instance named `name`. Throws with every config error, so
// a test of a good config fails loudly when the config is refused.
[[nodiscard]] core::SourcePtr make_source(const std::string& type, const std::string& name,
                                          const std::string& yaml);

}  // namespace atpipe::testing
