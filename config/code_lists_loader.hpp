#pragma once

#include <string>

#include "core/code_lists.hpp"
#include "core/expected.hpp"

namespace atpipe::config {

// Reads code lists in the shape of config/code_lists/at_code_lists.yaml:
// `lists: { <list>: { "<spec version>": [codes…] } }`. Errors name `origin:line:col`.
[[nodiscard]] core::Expected<core::CodeLists> parse_code_lists(const std::string& text,
                                                               const std::string& origin);

// The lists built into this binary (config/code_lists/at_code_lists.yaml at build time).
[[nodiscard]] const core::CodeLists& default_code_lists();

}  // namespace atpipe::config
