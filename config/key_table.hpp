#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.hpp"

namespace atpipe::config {

enum class KeyType {
  String,      // scalar; ${ENV} interpolated
  Int,         // scalar integer
  Bool,        // true/false
  Path,        // scalar; ${ENV} interpolated; relative paths resolve against the config's folder
  Secret,      // scalar; "${ENV}" or "file:/path" (file contents, trailing newline dropped)
  Enum,        // scalar, one of `choices`
  StringList,  // a scalar or a sequence of scalars
  Map,         // a mapping, read by the caller
  Sequence,    // a sequence, read by the caller
  Any,         // scalar or mapping, read by the caller
};

// One row of a plugin's key table (style.md rule 4, after Fluent Bit's config_map). The
// table drives parsing, validation and `atpipe describe`.
struct KeySpec {
  std::string name;
  KeyType type = KeyType::String;
  bool required = false;
  std::string default_value;         // "" = no default
  std::vector<std::string> choices;  // for Enum
  std::string doc;
};

using KeyTable = std::vector<KeySpec>;

[[nodiscard]] std::string_view to_string(KeyType type);

// Reads one YAML mapping through a key table. Construction reports, into `diag`: a node
// that is not a mapping, unknown keys (listing the allowed ones), keys given twice, missing
// required keys (at the mapping's own mark) and values of the wrong YAML shape or type.
// The typed getters then return the value, the default, or nullopt; they never throw.
class NodeReader {
 public:
  NodeReader(YAML::Node map, const KeyTable& table, std::string context, Diagnostics& diag,
             std::filesystem::path config_file);

  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> string(std::string_view key) const;
  [[nodiscard]] std::optional<long> integer(std::string_view key) const;
  [[nodiscard]] std::optional<bool> boolean(std::string_view key) const;
  [[nodiscard]] std::optional<std::filesystem::path> path(std::string_view key) const;
  [[nodiscard]] std::optional<std::string> secret(std::string_view key) const;
  [[nodiscard]] std::vector<std::string> string_list(std::string_view key) const;
  [[nodiscard]] YAML::Node node(std::string_view key) const;  // null node when absent
  [[nodiscard]] Mark mark_of(std::string_view key) const;     // the value's mark, or the map's
  [[nodiscard]] Mark mark() const;                            // the mapping's own mark
  [[nodiscard]] Diagnostics& diagnostics() const { return diag_; }
  [[nodiscard]] const std::filesystem::path& config_file() const { return file_; }
  [[nodiscard]] const std::string& context() const { return context_; }

 private:
  YAML::Node map_;
  const KeyTable& table_;
  std::string context_;
  Diagnostics& diag_;
  std::filesystem::path file_;
};

// The 1-based position of `node` in `file`.
[[nodiscard]] Mark mark_of(const YAML::Node& node, const std::filesystem::path& file);

// Replaces ${VAR} and ${VAR:-default} in `text` from the process environment; an unset
// variable without a default is reported at `mark` and yields nullopt.
[[nodiscard]] std::optional<std::string> interpolate_env(std::string_view text, const Mark& mark,
                                                         Diagnostics& diag);

}  // namespace atpipe::config
