#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atpipe::transforms::linkage {

// The identifying fields linkage looks at (at-spec §6: nhs_number, surname, forename,
// date_of_birth, postcode_home, gender_identity).
enum class LinkField : std::uint8_t { NhsNumber, Surname, Forename, DateOfBirth, Postcode, Sex };

// How two values of a field are turned into an agreement level (0 = full agreement).
enum class CompareMethod : std::uint8_t {
  NhsNumber,    // exact / one digit or adjacent swap / both valid and different
  JaroWinkler,  // one level per similarity floor in `levels`, [names swapped / in the other
                // column (surname, with transpositions)], then disagreement
  Exact,        // agree / disagree
  Date,         // exact / [day-month swap] / one digit / [two digits swapped / year only] /
                // different
  Postcode,     // full / [one char or swap] / sector / district / different
};

// The parts a blocking key is built from; a record lacking any part has no key for that rule.
enum class BlockPart : std::uint8_t {
  NhsNumber,
  DateOfBirth,
  BirthYear,
  Postcode,
  PostcodeSector,
  PostcodeDistrict,
  Sex,
  Surname,
  SurnameSoundex,
  ForenameSoundex,
  SurnameInitial,
  ForenameInitial,
};

inline constexpr std::size_t kMaxComparisons = 8;
inline constexpr std::size_t kMaxLevels = 7;  // levels per comparison, nulls aside

// One field comparison. `m` and `u`, when given, fix the probabilities of each level (in
// level order) instead of estimating them by EM.
struct ComparisonSpec {
  LinkField field = LinkField::Surname;
  CompareMethod method = CompareMethod::JaroWinkler;
  std::vector<double> levels;  // JaroWinkler: similarity floors, descending, e.g. 1.0 0.92
  // Levels for the keying errors people make: day and month swapped, two digits swapped and
  // the year alone wrong (Date); one character changed or swapped (Postcode); names swapped
  // or in the other column (Surname by JaroWinkler, which then leaves Forename out).
  bool transpositions = true;
  std::vector<double> m;  // empty = estimate
  std::vector<double> u;  // empty = estimate (seeded from random pairs)
};

struct BlockingRule {
  std::vector<BlockPart> parts;
};

// Everything the linkage engine reads; built once (from YAML or by a test) and then only
// read. Thresholds are posterior probabilities that a candidate pair is a true match.
struct LinkageConfig {
  std::vector<BlockingRule> blocking;
  std::vector<ComparisonSpec> comparisons;
  bool estimate_by_em = true;  // false: every comparison must carry m and u
  // true (Splink's way): u from random pairs; m by one EM per blocking rule, leaving out the
  // comparisons that rule blocks on; the prior over all pairs. false: one EM over every
  // candidate pair, refitting u among them, with the prior among candidates.
  bool em_per_blocking_rule = true;
  std::optional<double> prior;  // P(match) among candidate pairs; unset = EM's estimate
  double match_threshold = 0.95;
  double review_threshold = 0.60;
  double close_margin = 3.0;             // log2 weight: a rival this close sends the pair to review
  std::size_t max_block_pairs = 100000;  // larger blocks are skipped, and counted
  std::size_t em_max_iterations = 100;
  double em_tolerance = 1e-6;
  std::size_t u_sample_pairs = 200000;  // random pairs that seed u
  std::uint64_t seed = 20150930;        // for the random pairs: runs are reproducible
  unsigned threads = 2;
};

// The sketch's comparisons (shared/config-sketch.yaml `reconcile:`) plus an NHS number
// comparison, which scores disagreeing or mistyped numbers; blocking on date of birth + sex,
// postcode sector + forename initial, surname soundex + forename initial + birth year.
[[nodiscard]] LinkageConfig default_linkage_config();

// Whether a surname comparison carries the two crossed-names levels.
[[nodiscard]] bool name_cross_levels(const ComparisonSpec& spec);
// Number of non-null levels a comparison produces.
[[nodiscard]] std::size_t level_count(const ComparisonSpec& spec);
// "exact", "jw>=0.92", "day/month swapped", "sector", "other", …
[[nodiscard]] std::string level_label(const ComparisonSpec& spec, std::size_t level);

// An error message, or nullopt when the config can be run.
[[nodiscard]] std::optional<std::string> check_linkage_config(const LinkageConfig& config);

// YAML names, for the config loader and for messages.
[[nodiscard]] std::string_view field_name(LinkField f);
[[nodiscard]] std::optional<LinkField> link_field_by_name(std::string_view name);
[[nodiscard]] std::string_view method_name(CompareMethod m);
[[nodiscard]] std::optional<CompareMethod> method_by_name(std::string_view name);
[[nodiscard]] std::string_view block_part_name(BlockPart p);
[[nodiscard]] std::optional<BlockPart> block_part_by_name(std::string_view name);

}  // namespace atpipe::transforms::linkage
