#include "transforms/linkage/postcode_compare.hpp"

#include <cstring>

namespace atpipe::transforms::linkage {

PostcodeAgreement compare_postcodes(const CompactRecord& a, const CompactRecord& b) {
  // The eight bytes as one word: the lowest `n` bytes in memory order are a prefix.
  std::uint64_t x = 0;
  std::uint64_t y = 0;
  std::memcpy(&x, a.postcode, sizeof x);
  std::memcpy(&y, b.postcode, sizeof y);
  const std::uint64_t diff = x ^ y;
  if (diff == 0) {
    return PostcodeAgreement::Full;
  }
  auto prefix_equal = [&](std::size_t n) {
    std::uint64_t d = diff;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(&d);
    for (std::size_t i = 0; i < n; ++i) {
      if (p[i] != 0) {
        return false;
      }
    }
    return true;
  };
  if (a.outward_len != b.outward_len || !prefix_equal(a.outward_len)) {
    return PostcodeAgreement::Different;
  }
  // The sector is the outward code, the space and the inward code's digit.
  return prefix_equal(a.outward_len + 2U) ? PostcodeAgreement::Sector : PostcodeAgreement::District;
}

}  // namespace atpipe::transforms::linkage
