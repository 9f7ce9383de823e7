#pragma once

#include "config/plugin_registry.hpp"
#include "config/source_factory.hpp"

namespace atpipe::config {

// The source types known to this binary, keyed by YAML `type:`.
using SourceRegistry = PluginRegistry<SourceFactory>;
using SourceRegistrar = SourceRegistry::Registrar;
using SourceFactoryMaker = SourceRegistry::Maker;

}  // namespace atpipe::config

// The one registration line at the bottom of a source connector's .cpp.
#define ATPIPE_REGISTER_SOURCE(type_name, FactoryClass) \
  ATPIPE_REGISTER_PLUGIN(::atpipe::config::SourceFactory, type_name, FactoryClass, kSourceRegistrar)
