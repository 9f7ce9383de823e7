#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "core/field.hpp"

namespace atpipe::transforms {

[[nodiscard]] std::string trim_copy(std::string_view s);
[[nodiscard]] std::string to_upper(std::string_view s);
[[nodiscard]] std::string to_lower(std::string_view s);

// Looks a source code up in a code map: exact first, then ignoring case and surrounding
// spaces (extracts are inconsistent about "Informal" vs "INFORMAL").
[[nodiscard]] std::optional<std::string> translate_code(const config::CodeMap& map,
                                                        std::string_view code);

// Per-field national coding fixes that every source needs: MHA legal status to two digits
// ("3" -> "03", at-spec §5.6), every code upper-cased ("x" -> "X", §5.5).
[[nodiscard]] std::string normalise_code(core::Field field, std::string_view code);

// A number of 0 or more written in full ("12.5"); nullopt for anything else.
[[nodiscard]] std::optional<double> parse_non_negative(std::string_view text);

// A C(E)TR history as atpipe holds it: ';'-separated entries "yyyy-mm-dd|type|outcome" in
// date order, each date read with `formats`, type and outcome trimmed and otherwise as
// given. An entry needs all three parts when `all_parts` (a return's canonical form);
// otherwise type and outcome may be left off. `bad_entry` is the 1-based number (among the
// non-empty entries) of the first entry that is not so, 0 when all are.
struct CetrHistoryText {
  std::string value;
  std::size_t bad_entry = 0;
};
[[nodiscard]] CetrHistoryText normalise_cetr_history(std::string_view text,
                                                     std::span<const std::string> formats,
                                                     bool all_parts);

// Y / N / NK from the ways sources write yes and no (Yes, TRUE, 1, Unknown, ...); nullopt
// when the text is none of them.
[[nodiscard]] std::optional<std::string> normalise_flag(std::string_view text);

}  // namespace atpipe::transforms
