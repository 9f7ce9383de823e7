#include "transforms/linkage/comparison.hpp"

#include <bit>
#include <cstring>
#include <utility>

#include "transforms/linkage/date_compare.hpp"
#include "transforms/linkage/jaro_winkler.hpp"
#include "transforms/linkage/postcode_compare.hpp"

namespace atpipe::transforms::linkage {
namespace {

// One substituted digit, or two adjacent digits swapped, between two ten-digit numbers held
// one digit per nibble.
bool one_keying_error(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t x = a ^ b;
  const std::uint64_t differing = (x | x >> 1 | x >> 2 | x >> 3) & 0x1111111111ULL;
  const int count = std::popcount(differing);
  if (count == 1) {
    return true;
  }
  if (count != 2) {
    return false;
  }
  const int low = std::countr_zero(differing);
  if ((differing >> low) != 0x11U) {
    return false;  // not neighbours
  }
  auto nibble = [](std::uint64_t v, int at) { return (v >> at) & 0xFU; };
  return nibble(a, low) == nibble(b, low + 4) && nibble(a, low + 4) == nibble(b, low);
}

std::uint8_t jw_level(const std::vector<double>& floors, std::string_view a, std::string_view b) {
  if (a == b) {
    return 0;
  }
  if (jaro_winkler_upper_bound(a, b) < floors.back()) {
    return static_cast<std::uint8_t>(floors.size());
  }
  const double sim = jaro_winkler(a, b);
  for (std::size_t i = 0; i < floors.size(); ++i) {
    if (sim >= floors[i]) {
      return static_cast<std::uint8_t>(i);
    }
  }
  return static_cast<std::uint8_t>(floors.size());
}

}  // namespace

std::uint8_t compare_nhs_numbers(const CompactRecord& a, const CompactRecord& b) {
  if (a.nhs == 0 || b.nhs == 0) {
    return kNullLevel;
  }
  if (a.nhs == b.nhs) {
    return 0;
  }
  if (one_keying_error(a.nhs, b.nhs)) {
    return 1;
  }
  if (a.nhs_state == NhsState::Valid && b.nhs_state == NhsState::Valid) {
    return 2;
  }
  return kNullLevel;
}

Comparator::Comparator(std::vector<ComparisonSpec> specs) : specs_(std::move(specs)) {}

Pattern Comparator::compare(const LinkSide& at_side, const CompactRecord& a,
                            const LinkSide& census_side, const CompactRecord& c) const {
  Pattern p = 0;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    p |= static_cast<Pattern>(level(specs_[i], at_side, a, census_side, c)) << (4 * i);
  }
  return p;
}

std::uint8_t Comparator::level(const ComparisonSpec& spec, const LinkSide& at_side,
                               const CompactRecord& a, const LinkSide& census_side,
                               const CompactRecord& c) const {
  const bool exact = spec.method == CompareMethod::Exact;
  switch (spec.field) {
    case LinkField::NhsNumber: {
      if (!exact) {
        return compare_nhs_numbers(a, c);
      }
      if (a.nhs_state != NhsState::Valid || c.nhs_state != NhsState::Valid) {
        return kNullLevel;
      }
      return a.nhs == c.nhs ? 0 : 1;
    }
    case LinkField::Surname:
    case LinkField::Forename: {
      const bool sur = spec.field == LinkField::Surname;
      const auto x = sur ? at_side.surname(a) : at_side.forename(a);
      const auto y = sur ? census_side.surname(c) : census_side.forename(c);
      if (x.empty() || y.empty()) {
        return kNullLevel;
      }
      if (exact) {
        return x == y ? 0 : 1;
      }
      return jw_level(spec.levels, x, y);
    }
    case LinkField::DateOfBirth: {
      if (a.dob == kNoDate || c.dob == kNoDate) {
        return kNullLevel;
      }
      if (exact) {
        return a.dob == c.dob ? 0 : 1;
      }
      auto agreement = static_cast<std::uint8_t>(compare_ymd(a.dob_ymd, c.dob_ymd));
      if (!spec.transpositions && agreement > 0) {
        // Without the swap level a swapped date is a plain disagreement.
        agreement = agreement == 1 ? 2 : static_cast<std::uint8_t>(agreement - 1);
      }
      return agreement;
    }
    case LinkField::Postcode: {
      if (a.outward_len == 0 || c.outward_len == 0) {
        return kNullLevel;
      }
      if (exact) {
        return std::memcmp(a.postcode, c.postcode, sizeof a.postcode) == 0 ? 0 : 1;
      }
      return static_cast<std::uint8_t>(compare_postcodes(a, c));
    }
    case LinkField::Sex:
      if (a.sex == 0 || c.sex == 0) {
        return kNullLevel;
      }
      return a.sex == c.sex ? 0 : 1;
  }
  return kNullLevel;
}

}  // namespace atpipe::transforms::linkage
