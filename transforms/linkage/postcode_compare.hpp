#pragma once

#include <cstdint>

#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

enum class PostcodeAgreement : std::uint8_t { Full, Sector, District, Different };

// Compares two usable postcodes (outward_len > 0) at the levels of at-spec §5.3's structure:
// the whole postcode, the sector ("NN1 5"), the district ("NN1").
[[nodiscard]] PostcodeAgreement compare_postcodes(const CompactRecord& a, const CompactRecord& b);

}  // namespace atpipe::transforms::linkage
