#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "core/expected.hpp"
#include "core/sink.hpp"

namespace atpipe::config {

// The `submission.sink:` block as the loader read it: its type and the connector's own typed
// settings (parsed by the sink factory from the keys it declares).
struct SinkSpec {
  std::string name;  // "submission" unless the YAML names it
  std::string type;  // mesh, https_upload, folder
  ConnectorConfigPtr connector;
  Mark mark;
};

// Makes one kind of sink, as SourceFactory makes sources (style.md "Plugins"): stateless;
// turns the YAML keys of `submission.sink` into its typed ConnectorConfig, then makes instances
// from a finished SinkSpec.
class SinkFactory {
 public:
  static constexpr std::string_view kKind = "sink";
  virtual ~SinkFactory() = default;

  [[nodiscard]] virtual std::string_view type() const = 0;
  [[nodiscard]] virtual std::string_view summary() const = 0;
  // The sink's own keys; `type` is the loader's.
  [[nodiscard]] virtual const KeyTable& keys() const = 0;
  // Called after the reader has checked the keys; adds cross-key errors to the reader's
  // diagnostics and returns nullptr when the config is unusable.
  [[nodiscard]] virtual ConnectorConfigPtr parse(const NodeReader& reader) const = 0;
  [[nodiscard]] virtual core::Expected<core::SinkPtr> create(const SinkSpec& spec) const = 0;
};

using SinkFactoryPtr = std::shared_ptr<const SinkFactory>;

}  // namespace atpipe::config
