#include "config/default_sink_registry.hpp"

namespace atpipe::config {

const core::Expected<SinkRegistry>& default_sink_registry() {
  // Static registrars have all run before main(), so building once is enough.
  static const core::Expected<SinkRegistry> registry = SinkRegistry::build();
  return registry;
}

}  // namespace atpipe::config
