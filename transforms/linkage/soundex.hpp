#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace atpipe::transforms::linkage {

// American Soundex (as in the US census instructions): the first letter, then up to three
// digits; H and W do not separate letters with the same code, vowels do. Robert and Rupert
// are R163, Tymczak T522, Pfister P236. Characters other than ASCII letters are skipped;
// no letters gives "".
[[nodiscard]] std::string soundex(std::string_view name);

// The same code packed into 32 bits for blocking keys; 0 when there is none.
[[nodiscard]] std::uint32_t soundex_code(std::string_view name);

}  // namespace atpipe::transforms::linkage
