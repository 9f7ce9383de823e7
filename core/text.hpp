#pragma once

#include <cstddef>
#include <optional>
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

// The first control character in `text`, so that it can be reported without quoting the text:
// C0 (0x00-0x1F; TAB too unless `allow_tab`, which free text may hold), DEL (0x7F) and the C1
// controls (U+0080-U+009F, which windows-1252 decoding can produce from undefined bytes).
struct ControlChar {
  std::size_t offset = 0;  // byte offset in `text`
  unsigned code = 0;       // the code point, for "U+0000"
};
[[nodiscard]] std::optional<ControlChar> find_control_char(std::string_view text, bool allow_tab);

// "NUL (U+0000)", "DEL (U+007F)", "U+001B": how a message names a control character.
[[nodiscard]] std::string describe_control_char(unsigned code);

}  // namespace atpipe::core
