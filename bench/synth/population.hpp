#pragma once

#include <climits>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace atpipe::bench {

// One synthetic person as the truth knows them. NHS numbers are ten digits with a valid
// modulus 11 check digit (at-spec §5.1) and unique across the population.
inline constexpr std::int32_t kMissingDob = INT32_MIN;

struct Person {
  std::string nhs_number;
  std::string surname;
  std::string forename;
  std::int32_t dob = 0;  // days since 1970-01-01, or kMissingDob
  std::string dob_text;  // "yyyymmdd" of a date that is not a date (day or month out of range)
  std::string postcode;  // "NN1 5BD"
  char sex = '1';
  std::uint32_t classes = 0;  // corruption classes applied (bit per CorruptionClass)
};

// Makes a population with a fixed seed: names from NameSampler, dates of birth 1940–2007,
// postcodes spread over real English outward areas, and a few twins (same surname, date of
// birth, postcode) because they are the people linkage gets wrong.
class PopulationGenerator {
 public:
  explicit PopulationGenerator(std::uint64_t seed);

  [[nodiscard]] std::vector<Person> make(std::size_t n);
  // A valid 999 test-range NHS number not yet given to anyone in this population (also used
  // for a wrong patient's number); "" once the range is used up.
  [[nodiscard]] std::string fresh_nhs_number();
  // A random postcode, optionally in the given district ("NN1").
  [[nodiscard]] std::string postcode(const std::string& district = "");

  [[nodiscard]] std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
  std::uint64_t next_nhs_ = 0;
  std::uint64_t used_nhs_ = 0;
};

// Modulus 11 check digit of nine digits, or -1 when it would be 10 (never issued).
[[nodiscard]] int nhs_check_digit(const std::string& nine);

}  // namespace atpipe::bench
