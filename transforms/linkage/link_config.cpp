#include "transforms/linkage/link_config.hpp"

#include <array>
#include <cstdio>
#include <utility>

namespace atpipe::transforms::linkage {
namespace {

template <typename E, std::size_t N>
std::optional<E> by_name(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) {
      return value;
    }
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) {
      return text;
    }
  }
  return "?";
}

constexpr std::array<std::pair<LinkField, std::string_view>, 6> kFields = {{
    {LinkField::NhsNumber, "nhs_number"},
    {LinkField::Surname, "surname"},
    {LinkField::Forename, "forename"},
    {LinkField::DateOfBirth, "date_of_birth"},
    {LinkField::Postcode, "postcode"},
    {LinkField::Sex, "sex"},
}};

constexpr std::array<std::pair<CompareMethod, std::string_view>, 5> kMethods = {{
    {CompareMethod::NhsNumber, "nhs_number"},
    {CompareMethod::JaroWinkler, "jaro_winkler"},
    {CompareMethod::Exact, "exact"},
    {CompareMethod::Date, "date"},
    {CompareMethod::Postcode, "postcode"},
}};

constexpr std::array<std::pair<BlockPart, std::string_view>, 12> kParts = {{
    {BlockPart::NhsNumber, "nhs_number"},
    {BlockPart::DateOfBirth, "date_of_birth"},
    {BlockPart::BirthYear, "birth_year"},
    {BlockPart::Postcode, "postcode"},
    {BlockPart::PostcodeSector, "postcode_sector"},
    {BlockPart::PostcodeDistrict, "postcode_district"},
    {BlockPart::Sex, "sex"},
    {BlockPart::Surname, "surname"},
    {BlockPart::SurnameSoundex, "surname_soundex"},
    {BlockPart::ForenameSoundex, "forename_soundex"},
    {BlockPart::SurnameInitial, "surname_initial"},
    {BlockPart::ForenameInitial, "forename_initial"},
}};

// Which methods make sense for which field: a postcode compared by date would be a bug.
bool method_fits(LinkField f, CompareMethod m) {
  switch (f) {
    case LinkField::NhsNumber:
      return m == CompareMethod::NhsNumber || m == CompareMethod::Exact;
    case LinkField::Surname:
    case LinkField::Forename:
      return m == CompareMethod::JaroWinkler || m == CompareMethod::Exact;
    case LinkField::DateOfBirth:
      return m == CompareMethod::Date || m == CompareMethod::Exact;
    case LinkField::Postcode:
      return m == CompareMethod::Postcode || m == CompareMethod::Exact;
    case LinkField::Sex:
      return m == CompareMethod::Exact;
  }
  return false;
}

}  // namespace

LinkageConfig default_linkage_config() {
  LinkageConfig c;
  // The sketch's rules narrowed so that they also scale: at a million records a side,
  // postcode district + sex makes blocks of ~14,000 pairs (50M pairs in all) and surname
  // soundex + year ~13M, for no gain in F1 on the synthetic harness (bench/README.md).
  c.blocking = {
      {{BlockPart::DateOfBirth, BlockPart::Sex}},
      {{BlockPart::PostcodeSector, BlockPart::ForenameInitial}},
      {{BlockPart::SurnameSoundex, BlockPart::ForenameInitial, BlockPart::BirthYear}},
  };
  c.comparisons = {
      {LinkField::NhsNumber, CompareMethod::NhsNumber, {}, true, {}, {}},
      {LinkField::Surname, CompareMethod::JaroWinkler, {1.0, 0.92, 0.80}, true, {}, {}},
      {LinkField::Forename, CompareMethod::JaroWinkler, {1.0, 0.88}, true, {}, {}},
      {LinkField::DateOfBirth, CompareMethod::Date, {}, true, {}, {}},
      {LinkField::Postcode, CompareMethod::Postcode, {}, true, {}, {}},
      {LinkField::Sex, CompareMethod::Exact, {}, true, {}, {}},
  };
  return c;
}

bool name_cross_levels(const ComparisonSpec& spec) {
  return spec.field == LinkField::Surname && spec.method == CompareMethod::JaroWinkler &&
         spec.transpositions;
}

std::size_t level_count(const ComparisonSpec& spec) {
  switch (spec.method) {
    case CompareMethod::NhsNumber:
      return 3;
    case CompareMethod::JaroWinkler:
      return spec.levels.size() + 1 + (name_cross_levels(spec) ? 2 : 0);
    case CompareMethod::Exact:
      return 2;
    case CompareMethod::Date:
      return spec.transpositions ? 6 : 3;
    case CompareMethod::Postcode:
      return spec.transpositions ? 5 : 4;
  }
  return 0;
}

std::string level_label(const ComparisonSpec& spec, std::size_t level) {
  const bool last = level + 1 == level_count(spec);
  switch (spec.method) {
    case CompareMethod::NhsNumber: {
      static constexpr std::array<const char*, 3> kNames = {"exact", "one digit or swap",
                                                            "different"};
      return kNames.at(level);
    }
    case CompareMethod::JaroWinkler: {
      if (last) {
        return "different";
      }
      if (level == spec.levels.size()) {
        return "names swapped";
      }
      if (level == spec.levels.size() + 1) {
        return "in the other name column";
      }
      if (spec.levels[level] >= 1.0) {
        return "exact";
      }
      char text[32];
      std::snprintf(text, sizeof text, "jw>=%.2f", spec.levels[level]);
      return text;
    }
    case CompareMethod::Exact:
      return level == 0 ? "exact" : "different";
    case CompareMethod::Date: {
      static constexpr std::array<const char*, 6> kWith = {"exact",     "day/month swapped",
                                                           "one digit", "two digits swapped",
                                                           "year only", "different"};
      static constexpr std::array<const char*, 3> kWithout = {"exact", "one digit", "different"};
      return spec.transpositions ? kWith.at(level) : kWithout.at(level);
    }
    case CompareMethod::Postcode: {
      static constexpr std::array<const char*, 5> kNames = {"full", "one char or swap", "sector",
                                                            "district", "different"};
      return kNames.at(level + (spec.transpositions ? 0 : (level == 0 ? 0 : 1)));
    }
  }
  return "?";
}

std::optional<std::string> check_linkage_config(const LinkageConfig& config) {
  if (config.comparisons.empty()) {
    return "linkage needs at least one comparison";
  }
  if (config.comparisons.size() > kMaxComparisons) {
    return "linkage takes at most " + std::to_string(kMaxComparisons) + " comparisons";
  }
  for (const auto& c : config.comparisons) {
    const std::string name(field_name(c.field));
    if (!method_fits(c.field, c.method)) {
      return "method '" + std::string(method_name(c.method)) + "' cannot compare " + name;
    }
    if (c.method == CompareMethod::JaroWinkler) {
      if (c.levels.empty() || level_count(c) > kMaxLevels) {
        return "jaro_winkler on " + name + " needs 1 to " +
               std::to_string(kMaxLevels - 1 - (name_cross_levels(c) ? 2 : 0)) + " levels";
      }
      for (std::size_t i = 0; i < c.levels.size(); ++i) {
        if (c.levels[i] <= 0.0 || c.levels[i] > 1.0 || (i > 0 && c.levels[i] >= c.levels[i - 1])) {
          return "levels of " + name + " must be descending similarities in (0, 1]";
        }
      }
    }
    const std::size_t n = level_count(c);
    if (!config.estimate_by_em && (c.m.empty() || c.u.empty())) {
      return "fixed parameters need m and u for " + name;
    }
    for (const auto* probs : {&c.m, &c.u}) {
      if (probs->empty()) {
        continue;
      }
      if (probs->size() != n) {
        return "m and u of " + name + " need " + std::to_string(n) + " values, one per level";
      }
      for (double p : *probs) {
        if (!(p > 0.0 && p < 1.0)) {
          return "m and u of " + name + " must lie strictly between 0 and 1";
        }
      }
    }
  }
  if (config.blocking.size() > 255) {
    return "linkage takes at most 255 blocking rules";
  }
  for (const auto& rule : config.blocking) {
    if (rule.parts.empty()) {
      return "a blocking rule needs at least one part";
    }
  }
  if (config.prior && !(*config.prior > 0.0 && *config.prior < 1.0)) {
    return "prior must lie strictly between 0 and 1";
  }
  if (!(config.review_threshold > 0.0 && config.review_threshold <= config.match_threshold &&
        config.match_threshold < 1.0)) {
    return "thresholds need 0 < review <= match < 1";
  }
  if (config.threads == 0) {
    return "threads must be at least 1";
  }
  return std::nullopt;
}

std::string_view field_name(LinkField f) {
  return name_of(kFields, f);
}
std::optional<LinkField> link_field_by_name(std::string_view name) {
  return by_name(kFields, name);
}
std::string_view method_name(CompareMethod m) {
  return name_of(kMethods, m);
}
std::optional<CompareMethod> method_by_name(std::string_view name) {
  return by_name(kMethods, name);
}
std::string_view block_part_name(BlockPart p) {
  return name_of(kParts, p);
}
std::optional<BlockPart> block_part_by_name(std::string_view name) {
  return by_name(kParts, name);
}

}  // namespace atpipe::transforms::linkage
