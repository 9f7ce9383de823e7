#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bench/synth/names.hpp"
#include "bench/synth/population.hpp"

namespace atpipe::bench {

// The kinds of error the corruption model makes, one bit each in Person::classes, so the
// accuracy tool can score every kind on its own (a change that helps one and hurts another
// shows).
enum class CorruptionClass : std::uint8_t {
  NhsUnusable,         // missing, or mistyped so that it fails the check digit
  NhsWrong,            // someone else's valid number
  NameTypo,            // a typo in the surname or the forename
  Married,             // a different surname altogether
  NamesSwapped,        // forename and surname the other way round
  SurnameInForename,   // the surname given in the forename column, surname empty
  DobDigit,            // one digit of the date of birth changed
  DobTransposed,       // two adjacent digits of the date of birth swapped
  DobDayMonth,         // day and month swapped
  DobYear,             // only the year wrong
  DobInvalid,          // a day or month out of range: not a date at all
  PostcodeMoved,       // a different address
  PostcodeTransposed,  // two adjacent characters of the postcode swapped
  PostcodeChar,        // one character of the postcode changed
  Missing,             // a name, date of birth, postcode or sex missing
};
inline constexpr std::size_t kCorruptionClasses = 15;

[[nodiscard]] std::string_view class_name(CorruptionClass c);

// Probabilities, per record and side, of each error the corruption model makes.
struct NoiseLevel {
  std::string name;
  double nhs_missing = 0;
  double nhs_typo = 0;   // one digit changed or two swapped: fails the check digit
  double nhs_wrong = 0;  // another valid number (someone else's)
  double surname_typo = 0;
  double surname_married = 0;  // women only: a different surname altogether
  double forename_typo = 0;
  double names_swapped = 0;
  double surname_in_forename = 0;
  double name_missing = 0;    // each of surname and forename
  double dob_swap = 0;        // day and month swapped, when that is still a date
  double dob_digit = 0;       // one digit of yyyymmdd substituted
  double dob_transposed = 0;  // two adjacent digits of yyyymmdd swapped
  double dob_year = 0;        // the year alone wrong by 1 to 10 years
  double dob_invalid = 0;     // one typo that leaves a day or month out of range
  double dob_missing = 0;
  double postcode_moved = 0;  // half within the district, half anywhere
  double postcode_typo = 0;   // inward code typo (any kind)
  double postcode_transposed = 0;
  double postcode_char = 0;
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
  [[nodiscard]] std::size_t uniform(std::size_t hi);
  [[nodiscard]] std::string typo(const std::string& s, bool digits, int op = -1);
  void corrupt_names(Person& p);
  void corrupt_dob(Person& p);
  void corrupt_postcode(Person& p);
  [[nodiscard]] bool retype_dob(Person& p, int op, bool want_valid);

  PopulationGenerator& population_;
  NameSampler names_;
  NoiseLevel level_;
};

}  // namespace atpipe::bench
