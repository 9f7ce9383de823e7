#pragma once

#include <filesystem>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/model.hpp"
#include "config/sink_registry.hpp"
#include "config/source_registry.hpp"

namespace atpipe::config {

struct LoadResult {
  ConfigPtr config;  // null when there were errors
  std::vector<Diagnostic> diagnostics;

  [[nodiscard]] bool ok() const { return config != nullptr && diagnostics.empty(); }
};

// Loads and validates a whole config file, collecting every error (unknown keys, wrong
// types, missing keys, unknown connector types listing the registered ones, unknown
// canonical fields, undefined code maps, unset ${ENV} variables, unreadable file: secrets)
// with file:line:col. Never throws.
[[nodiscard]] LoadResult load_config(const std::filesystem::path& file,
                                     const SourceRegistry& registry);
// The same, with `submission.sink` types looked up in `sinks` (the two-argument form uses
// default_sink_registry()).
[[nodiscard]] LoadResult load_config(const std::filesystem::path& file,
                                     const SourceRegistry& registry, const SinkRegistry& sinks);

}  // namespace atpipe::config
