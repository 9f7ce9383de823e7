#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/link_side.hpp"

namespace atpipe::transforms::linkage {

// The agreement levels of one record pair, four bits per comparison in config order.
// kNullLevel means a value was missing on either side: that comparison is left out of the
// weight (missing at random), instead of counting as a disagreement.
using Pattern = std::uint32_t;
inline constexpr std::uint8_t kNullLevel = 0xF;

[[nodiscard]] inline std::uint8_t level_at(Pattern p, std::size_t i) {
  return static_cast<std::uint8_t>((p >> (4 * i)) & 0xFU);
}

// The NHS number levels: equal, one digit changed or two adjacent swapped (a keying error
// the check digit catches), both valid and different. Anything else is null.
[[nodiscard]] std::uint8_t compare_nhs_numbers(const CompactRecord& a, const CompactRecord& b);

// Names in the wrong columns: both swapped (forename where the surname should be and back),
// or one name found in the other side's other column (a surname in the forename column).
enum class NameCross : std::uint8_t { None, Swapped, Crossed };

[[nodiscard]] NameCross cross_names(std::string_view at_surname, std::string_view at_forename,
                                    std::string_view census_surname,
                                    std::string_view census_forename);

// Turns a record pair into its Pattern under a fixed list of comparisons. Immutable after
// construction; safe to share between threads.
class Comparator {
 public:
  explicit Comparator(std::vector<ComparisonSpec> specs);

  [[nodiscard]] Pattern compare(const LinkSide& at_side, const CompactRecord& a,
                                const LinkSide& census_side, const CompactRecord& c) const;
  [[nodiscard]] const std::vector<ComparisonSpec>& specs() const { return specs_; }

 private:
  [[nodiscard]] std::uint8_t level(const ComparisonSpec& spec, const LinkSide& at_side,
                                   const CompactRecord& a, const LinkSide& census_side,
                                   const CompactRecord& c, std::optional<NameCross>& cross) const;
  // Surname or forename. With `transpositions`, a disagreeing surname gets a level for names
  // swapped and one for a name in the other column, and the forename is then left out.
  [[nodiscard]] static std::uint8_t name_level(const ComparisonSpec& spec, const LinkSide& at_side,
                                               const CompactRecord& a, const LinkSide& census_side,
                                               const CompactRecord& c,
                                               std::optional<NameCross>& cross);

  std::vector<ComparisonSpec> specs_;
};

}  // namespace atpipe::transforms::linkage
