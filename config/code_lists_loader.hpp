#pragma once

#include <optional>
#include <string>

#include "config/diagnostics.hpp"
#include "core/code_lists.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// Reads code lists in the shape of config/code_lists/at_code_lists.yaml:
// `lists: { <list>: { "<spec version>": [codes…] } }` (and an optional `version: 1`). Every
// problem is reported into `diag` at `origin`:line:col: a file that is not YAML or not that
// shape, a list or version `known` does not have (when given: a replacement may only replace),
// an empty list, a code that is not a plain value. nullopt when anything was reported.
[[nodiscard]] std::optional<core::CodeLists> read_code_lists(const std::string& text,
                                                             const std::string& origin,
                                                             const core::CodeLists* known,
                                                             Diagnostics& diag);

// The same, checked against the built-in lists, with every problem in the error's message
// (one "origin:line:col: error: …" per line).
[[nodiscard]] core::Expected<core::CodeLists> parse_code_lists(const std::string& text,
                                                               const std::string& origin);

// The lists built into this binary (config/code_lists/at_code_lists.yaml at build time).
[[nodiscard]] const core::CodeLists& default_code_lists();

}  // namespace atpipe::config
