#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/key_table.hpp"
#include "config/model.hpp"
#include "core/expected.hpp"
#include "core/source.hpp"

namespace atpipe::config {

// What `check-config --probe` learnt about a source without pulling it: the header of each
// file it would read, or why it was not looked at.
struct SourceProbe {
  struct File {
    std::string file;
    std::vector<std::string> columns;
  };
  std::vector<File> files;
  std::vector<core::SkippedFile> skipped;  // matching entries a pull would skip
  std::string note;                        // set when nothing was probed, and why
};

// Makes one kind of source (style.md "Plugins"): stateless; turns the YAML keys of a source
// into its typed ConnectorConfig, then makes instances from a finished SourceSpec.
class SourceFactory {
 public:
  static constexpr std::string_view kKind = "source";
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
  // Reads each file's header when that is cheap and local (no server, no query run). The
  // default probes nothing and says so; an error is a file that a pull would fail on too.
  [[nodiscard]] virtual core::Expected<SourceProbe> probe(const SourceSpec& spec) const {
    SourceProbe out;
    out.note = "type '" + std::string(type()) +
               "' is not probed (its columns come from a "
               "server; 'atpipe preview' pulls it)";
    (void)spec;
    return out;
  }
};

// The keys every source has whatever its type (type, role, precedence, max_field_length,
// mapping); a factory's own keys are added to these and may not repeat them.
[[nodiscard]] const KeyTable& common_source_keys();

using SourceFactoryPtr = std::shared_ptr<const SourceFactory>;

}  // namespace atpipe::config
