#pragma once

#include <memory>
#include <string_view>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "core/expected.hpp"
#include "core/source.hpp"

namespace atpipe::config {

// Makes one kind of source (style.md "Plugins"): stateless; turns the YAML keys of a source
// into its typed ConnectorConfig, then makes instances from a finished SourceSpec.
class SourceFactory {
 public:
  virtual ~SourceFactory() = default;

  [[nodiscard]] virtual std::string_view type() const = 0;
  [[nodiscard]] virtual std::string_view summary() const = 0;
  // The connector's own keys; the common keys (type, role, precedence, mapping) are the
  // loader's.
  [[nodiscard]] virtual const KeyTable& keys() const = 0;
  // Called after the reader has checked the keys; adds cross-key errors to the reader's
  // diagnostics and returns nullptr when the config is unusable.
  [[nodiscard]] virtual ConnectorConfigPtr parse(const NodeReader& reader) const = 0;
  [[nodiscard]] virtual core::Expected<core::SourcePtr> create(const SourceSpec& spec) const = 0;
};

using SourceFactoryPtr = std::shared_ptr<const SourceFactory>;

}  // namespace atpipe::config
