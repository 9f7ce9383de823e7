#pragma once

#include "config/plugin_registry.hpp"
#include "config/sink_factory.hpp"

namespace atpipe::config {

// The sink types known to this binary, keyed by `submission.sink.type`.
using SinkRegistry = PluginRegistry<SinkFactory>;

}  // namespace atpipe::config

// The one registration line at the bottom of a sink connector's .cpp.
#define ATPIPE_REGISTER_SINK(type_name, FactoryClass) \
  ATPIPE_REGISTER_PLUGIN(::atpipe::config::SinkFactory, type_name, FactoryClass, kSinkRegistrar)
