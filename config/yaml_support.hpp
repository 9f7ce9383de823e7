#pragma once

// Helpers shared by the readers in config/ and private to this folder: safe iteration over
// yaml-cpp maps (which keep duplicate keys and throw from some lookups), wording for
// messages, and the file reads behind `file:` secrets.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.hpp"

namespace atpipe::config::detail {

// One key/value pair of a mapping, in file order; duplicates are kept.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// The pairs of `map` (empty when it is not a mapping). Never throws.
[[nodiscard]] std::vector<Entry> entries_of(const YAML::Node& map);

// The pair whose key is the scalar `name` (the first one when it is given twice).
[[nodiscard]] const Entry* find_entry(const std::vector<Entry>& entries, std::string_view name);
// The result points into `entries`, so a temporary list would leave it dangling.
const Entry* find_entry(std::vector<Entry>&& entries, std::string_view name) = delete;

// Where to report a problem with a value: its own mark, or its key's when the value is
// empty, because yaml-cpp marks an empty value at the token after it.
[[nodiscard]] Mark value_mark(const Entry& entry, const std::filesystem::path& file);

// "a mapping", "a list", "nothing", or the scalar quoted ('one').
[[nodiscard]] std::string describe_node(const YAML::Node& node);

// The candidate closest to `word` when it is at most two edits away, for "did you mean".
[[nodiscard]] std::optional<std::string> closest(std::string_view word,
                                                 const std::vector<std::string>& candidates);

// "a, b, c".
[[nodiscard]] std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// "'a', 'b' or 'c'".
[[nodiscard]] std::string quoted_alternatives(const std::vector<std::string>& items);

// Whole contents of a regular file of up to 1 GiB; on failure nullopt and `reason`
// ("cannot open the file: No such file or directory", "is a FIFO (named pipe), not a ...").
[[nodiscard]] std::optional<std::string> read_whole_file(const std::filesystem::path& file,
                                                         std::string& reason);

// A whole-string integer ("+5" allowed), or nullopt.
[[nodiscard]] std::optional<long> parse_long(std::string_view text);

// true/false/yes/no in any case, or nullopt.
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text);

// A line-numbered duplicate message tail: " (first at line 3)".
[[nodiscard]] std::string first_at(const Mark& first);

}  // namespace atpipe::config::detail
