#include "transforms/linkage/postcode_compare.hpp"

#include <cstring>

namespace atpipe::transforms::linkage {
namespace {

// The postcode's characters without the space.
std::size_t squeeze(const CompactRecord& r, char (&out)[8]) {
  std::size_t n = 0;
  for (char c : r.postcode) {
    if (c != ' ' && c != '\0') {
      out[n++] = c;
    }
  }
  return n;
}

bool one_keying_error(const CompactRecord& a, const CompactRecord& b) {
  char x[8];
  char y[8];
  const std::size_t n = squeeze(a, x);
  if (squeeze(b, y) != n) {
    return false;
  }
  std::size_t first = n;
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) {
      first = count++ == 0 ? i : first;
    }
  }
  if (count == 1) {
    return true;
  }
  return count == 2 && first + 1 < n && x[first] == y[first + 1] && x[first + 1] == y[first] &&
         x[first] != y[first];
}

}  // namespace

PostcodeAgreement compare_postcodes(const CompactRecord& a, const CompactRecord& b,
                                    bool keying_errors) {
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
  if (keying_errors && one_keying_error(a, b)) {
    return PostcodeAgreement::OneChar;
  }
  if (a.outward_len != b.outward_len || !prefix_equal(a.outward_len)) {
    return PostcodeAgreement::Different;
  }
  // The sector is the outward code, the space and the inward code's digit.
  return prefix_equal(a.outward_len + 2U) ? PostcodeAgreement::Sector : PostcodeAgreement::District;
}

}  // namespace atpipe::transforms::linkage
