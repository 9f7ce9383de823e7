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
  std::string default_value;         // "" = no default; StringList defaults are comma-separated
  std::vector<std::string> choices;  // for Enum
  std::string doc;
};

using KeyTable = std::vector<KeySpec>;

[[nodiscard]] std::string_view to_string(KeyType type);

// Reads one YAML mapping through a key table. Construction reports, into `diag`: a node
// that is not a mapping, unknown keys (listing the allowed ones), keys given twice, missing
// required keys (at the mapping's own mark) and values of the wrong YAML shape or type.
// ${ENV} references and file: secrets are resolved once, here, so each problem is reported
// once. The typed getters then return the value, the default, or nullopt; they never throw.
// Owned by whoever parses one mapping; single-threaded, like the load it belongs to.
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
  // One key as found in the mapping, checked and resolved at construction.
  struct Value {
    std::string name;
    YAML::Node key;
    YAML::Node value;
    bool ok = false;                // shape and type were right and references resolved
    std::string text;               // scalar text after ${ENV}, path resolution or file:
    std::vector<std::string> list;  // StringList items after ${ENV}
    long number = 0;
    bool flag = false;
  };

  void check_entries();
  void check_value(const KeySpec& spec, Value& value);
  bool check_scalar(const KeySpec& spec, Value& value);
  [[nodiscard]] const KeySpec* spec_of(std::string_view key) const;
  [[nodiscard]] const Value* find(std::string_view key) const;
  [[nodiscard]] std::string where() const;  // " in <context>", or "" at the top level
  [[nodiscard]] std::filesystem::path resolve(const std::string& text) const;

  YAML::Node map_;
  KeyTable table_;  // a copy: callers often build the table on the fly
  std::string context_;
  Diagnostics& diag_;
  std::filesystem::path file_;
  std::filesystem::path base_dir_;  // the config file's folder, absolute
  std::vector<Value> values_;
};

// "'key' in source 'la'": how a message names a key of the mapping `reader` reads.
[[nodiscard]] std::string key_in(const NodeReader& reader, const std::string& key);

// The 1-based position of `node` in `file`.
[[nodiscard]] Mark mark_of(const YAML::Node& node, const std::filesystem::path& file);

// Replaces ${VAR} and ${VAR:-default} in `text` from the process environment; an unset
// variable without a default is reported at `mark` and yields nullopt.
[[nodiscard]] std::optional<std::string> interpolate_env(std::string_view text, const Mark& mark,
                                                         Diagnostics& diag);

}  // namespace atpipe::config
