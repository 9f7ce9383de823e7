#pragma once

#include <string_view>

namespace atpipe::transforms::linkage {

// Jaro similarity in [0, 1] (Jaro 1989): matching characters within half the longer length,
// less half the transpositions. Two empty strings are 1, one empty string is 0.
[[nodiscard]] double jaro(std::string_view a, std::string_view b);

// Jaro–Winkler (Winkler 1990): Jaro boosted by a common prefix of up to four characters with
// scale 0.1, applied when Jaro exceeds 0.7. MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.84.
[[nodiscard]] double jaro_winkler(std::string_view a, std::string_view b);

// A cheap bound with jaro_winkler(a, b) <= bound: characters in common regardless of
// position, no transpositions. Comparators use it to skip the full computation for pairs
// that cannot reach the lowest agreement level, which is most pairs in a block.
[[nodiscard]] double jaro_winkler_upper_bound(std::string_view a, std::string_view b);

}  // namespace atpipe::transforms::linkage
