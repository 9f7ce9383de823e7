#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace atpipe::core {

enum class PostcodeStatus {
  Valid,
  Pseudo,  // ZZ99 xxx: no fixed abode, not known, NI, Scotland, Wales (at-spec §5.3)
  Missing,
  Invalid,  // AT-R031
};

// A normalised UK postcode: upper case, one space before the inward code ("NN1 5BD").
struct Postcode {
  PostcodeStatus status = PostcodeStatus::Missing;
  std::string normalised;

  // "NN1" / "NN1 5" / "NN" (area letters only); empty when not Valid.
  [[nodiscard]] std::string district() const;
  [[nodiscard]] std::string sector() const;
  [[nodiscard]] std::string area() const;
};

// Checks against the GOV.UK pattern (at-spec §5.3, alternation grouped) without std::regex,
// which is too slow for million-row extracts.
[[nodiscard]] Postcode normalise_postcode(std::string_view raw);

}  // namespace atpipe::core
