#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace atpipe::core {

// `text` without surrounding whitespace.
[[nodiscard]] std::string trim(std::string_view text);

// The items of a multi-valued cell ("HARM_TO_SELF; MENTAL_DISORDER"): split on any of
// `separators`, each trimmed, empty items dropped.
[[nodiscard]] std::vector<std::string> split_items(std::string_view text,
                                                   std::string_view separators = ";");

// The parts of one structured value ("2026-03-02|CTR|4"): split on `sep`, every part kept as
// it is, empty ones included, so that positions mean something.
[[nodiscard]] std::vector<std::string> split_fields(std::string_view text, char sep);

}  // namespace atpipe::core
