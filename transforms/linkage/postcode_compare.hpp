#pragma once

#include <cstdint>

#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

// Levels of a postcode comparison, in level order.
enum class PostcodeAgreement : std::uint8_t { Full, OneChar, Sector, District, Different };

// Compares two usable postcodes (outward_len > 0) at the levels of at-spec §5.3's structure:
// the whole postcode, the sector ("NN1 5"), the district ("NN1"). With `keying_errors`, one
// character changed or two neighbours swapped ("NN1 5BD" / "NN5 1BD", the space aside) is
// OneChar, ahead of the sector; without it OneChar is never returned.
[[nodiscard]] PostcodeAgreement compare_postcodes(const CompactRecord& a, const CompactRecord& b,
                                                  bool keying_errors = true);

}  // namespace atpipe::transforms::linkage
