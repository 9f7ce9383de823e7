#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "core/provenance.hpp"

namespace atpipe::connectors::csv {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Offset of the first byte of the first sequence in `text` that is not well-formed UTF-8
// (Unicode table 3-7: no overlongs, surrogates or code points above U+10FFFF), or npos.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view text);

[[nodiscard]] bool starts_with_bom(std::string_view text);

// Decodes windows-1252 bytes (Excel's plain "CSV" on an English Windows) to UTF-8 with ICU.
// Every byte has a mapping, so only a failure inside ICU is an error; `where` names the file.
[[nodiscard]] core::Expected<std::string> windows1252_to_utf8(std::string_view bytes,
                                                              const core::Provenance& where);

}  // namespace atpipe::connectors::csv
