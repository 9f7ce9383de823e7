#pragma once

#include <string>
#include <string_view>

#include "bench/synth/names.hpp"
#include "bench/synth/population.hpp"

namespace atpipe::bench {

// Probabilities, per record and side, of each error the corruption model makes.
struct NoiseLevel {
  std::string name;
  double nhs_missing = 0;
  double nhs_typo = 0;   // one digit changed or two swapped: fails the check digit
  double nhs_wrong = 0;  // another valid number (someone else's)
  double surname_typo = 0;
  double surname_married = 0;  // women only: a different surname altogether
  double forename_typo = 0;
  double dob_swap = 0;   // day and month swapped, when that is still a date
  double dob_digit = 0;  // one digit of yyyymmdd mistyped
  double dob_missing = 0;
  double postcode_moved = 0;  // half within the district, half anywhere
  double postcode_typo = 0;
  double postcode_missing = 0;
  double sex_missing = 0;
};

// "low", "medium" or "heavy"; anything else gives "low".
[[nodiscard]] NoiseLevel noise_level(std::string_view name);

// Applies a NoiseLevel to people, one side at a time. Owns nothing; uses the generator's
// random stream, so a seed reproduces the same files.
class Corruptor {
 public:
  Corruptor(PopulationGenerator& population, NoiseLevel level);

  [[nodiscard]] Person apply(const Person& truth);

 private:
  [[nodiscard]] bool chance(double p);
  [[nodiscard]] std::string typo(const std::string& s, bool digits);

  PopulationGenerator& population_;
  NameSampler names_;
  NoiseLevel level_;
};

}  // namespace atpipe::bench
