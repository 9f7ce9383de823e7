#pragma once

#include <random>
#include <string>
#include <vector>

namespace atpipe::bench {

// Draws names with a realistic shape: a Zipf-weighted head of common English surnames and
// forenames, and (for surnames) a long tail of made-up ones built from syllables, so that
// blocks on surname behave as they would on a real register. Owned by one generator thread.
class NameSampler {
 public:
  explicit NameSampler(std::mt19937_64& rng);

  [[nodiscard]] std::string surname();
  [[nodiscard]] std::string forename(bool female);

 private:
  [[nodiscard]] std::string tail_surname();

  std::mt19937_64& rng_;
  std::discrete_distribution<std::size_t> common_surname_;
  std::discrete_distribution<std::size_t> male_;
  std::discrete_distribution<std::size_t> female_;
};

}  // namespace atpipe::bench
