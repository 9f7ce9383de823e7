#include "transforms/linkage/comparison.hpp"

#include <bit>
#include <cstring>
#include <optional>
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

constexpr double kCrossFloor = 0.90;  // a name "found" in the other column

bool similar(std::string_view a, std::string_view b) {
  return !a.empty() && !b.empty() &&
         (a == b ||
          (jaro_winkler_upper_bound(a, b) >= kCrossFloor && jaro_winkler(a, b) >= kCrossFloor));
}

}  // namespace

NameCross cross_names(std::string_view at_surname, std::string_view at_forename,
                      std::string_view census_surname, std::string_view census_forename) {
  const bool sur_in_fore = similar(at_surname, census_forename);
  const bool fore_in_sur = similar(at_forename, census_surname);
  if (sur_in_fore && fore_in_sur) {
    return NameCross::Swapped;
  }
  return sur_in_fore || fore_in_sur ? NameCross::Crossed : NameCross::None;
}

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
  std::optional<NameCross> cross;
  for (std::size_t i = 0; i < specs_.size(); ++i) {
    p |= static_cast<Pattern>(level(specs_[i], at_side, a, census_side, c, cross)) << (4 * i);
  }
  return p;
}

std::uint8_t Comparator::name_level(const ComparisonSpec& spec, const LinkSide& at_side,
                                    const CompactRecord& a, const LinkSide& census_side,
                                    const CompactRecord& c, std::optional<NameCross>& cross) {
  const bool sur = spec.field == LinkField::Surname;
  const auto x = sur ? at_side.surname(a) : at_side.forename(a);
  const auto y = sur ? census_side.surname(c) : census_side.forename(c);
  const bool missing = x.empty() || y.empty();
  if (spec.method == CompareMethod::Exact) {
    return missing ? kNullLevel : (x == y ? 0 : 1);
  }
  std::uint8_t direct = missing ? kNullLevel : jw_level(spec.levels, x, y);
  const auto different = static_cast<std::uint8_t>(spec.levels.size());
  if (!spec.transpositions || (direct != kNullLevel && direct < different)) {
    return direct;
  }
  if (direct == different && name_cross_levels(spec)) {
    direct = static_cast<std::uint8_t>(different + 2);  // after the two crossed levels
  }
  if (!cross) {
    cross = cross_names(at_side.surname(a), at_side.forename(a), census_side.surname(c),
                        census_side.forename(c));
  }
  if (*cross == NameCross::None) {
    return direct;
  }
  // The surname carries the evidence of names in the wrong columns; the forename, which
  // then holds a surname, says nothing more.
  if (!sur) {
    return kNullLevel;
  }
  return static_cast<std::uint8_t>(different + (*cross == NameCross::Swapped ? 0 : 1));
}

std::uint8_t Comparator::level(const ComparisonSpec& spec, const LinkSide& at_side,
                               const CompactRecord& a, const LinkSide& census_side,
                               const CompactRecord& c, std::optional<NameCross>& cross) const {
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
    case LinkField::Forename:
      return name_level(spec, at_side, a, census_side, c, cross);
    case LinkField::DateOfBirth: {
      // dob_ymd also holds the digits of a date that is not a date (kept as text).
      if (a.dob_ymd == 0 || c.dob_ymd == 0) {
        return kNullLevel;
      }
      if (exact) {
        return a.dob_ymd == c.dob_ymd ? 0 : 1;
      }
      const DateAgreement agreement = compare_ymd(a.dob_ymd, c.dob_ymd);
      if (spec.transpositions) {
        return static_cast<std::uint8_t>(agreement);
      }
      // Without the keying-error levels: exact, one digit, different.
      return agreement == DateAgreement::Exact ? 0 : agreement == DateAgreement::OneDigit ? 1 : 2;
    }
    case LinkField::Postcode: {
      if (a.outward_len == 0 || c.outward_len == 0) {
        return kNullLevel;
      }
      if (exact) {
        return std::memcmp(a.postcode, c.postcode, sizeof a.postcode) == 0 ? 0 : 1;
      }
      const auto agreement =
          static_cast<std::uint8_t>(compare_postcodes(a, c, spec.transpositions));
      // Without the keying-error level: full, sector, district, different.
      return spec.transpositions || agreement == 0 ? agreement
                                                   : static_cast<std::uint8_t>(agreement - 1);
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
