#include "bench/synth/population.hpp"

#include <array>
#include <string_view>

#include "bench/synth/names.hpp"

namespace atpipe::bench {
namespace {

constexpr std::array<std::string_view, 60> kAreas = {
    "NN", "LE", "MK", "PE", "CV", "B",  "M",  "L",  "LS", "S",  "NG", "DE", "SK", "ST", "WS",
    "WV", "DY", "OX", "RG", "SN", "BS", "BA", "GL", "HR", "WR", "TF", "SY", "CH", "CW", "WA",
    "BL", "OL", "PR", "BB", "FY", "LA", "CA", "DL", "TS", "SR", "NE", "DH", "HU", "YO", "HG",
    "BD", "HX", "HD", "WF", "DN", "LN", "NR", "IP", "CB", "CO", "CM", "SS", "E",  "N",  "SE"};
constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";  // no C I K M O V

// Every number comes from the 999 test range (at-spec §5.1: valid by the checksum, never
// issued), so no real person's number can appear in generated data. A bijection on
// [0, 1e6) walks the six digits after 999: multiplying by a number coprime to 1e6 never
// repeats. The range holds about 909,000 valid numbers; people generated after that have
// none (as some real patients have none), which the benchmark counts among those lacking a
// usable number.
constexpr std::uint64_t kStride = 531441;  // 3^12
constexpr std::uint64_t kSpace = 1000000;

}  // namespace

int nhs_check_digit(const std::string& nine) {
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    sum += (nine[static_cast<std::size_t>(i)] - '0') * (10 - i);
  }
  const int check = 11 - sum % 11;
  return check == 11 ? 0 : (check == 10 ? -1 : check);
}

PopulationGenerator::PopulationGenerator(std::uint64_t seed)
    : rng_(seed), next_nhs_(seed % kSpace) {}

std::string PopulationGenerator::fresh_nhs_number() {
  while (used_nhs_ < kSpace) {
    ++used_nhs_;
    const std::uint64_t v = (next_nhs_++ * kStride + 123457) % kSpace;
    std::string six = std::to_string(v);
    six.insert(0, 6 - six.size(), '0');
    const std::string nine = "999" + six;
    const int check = nhs_check_digit(nine);
    if (check >= 0) {
      return nine + static_cast<char>('0' + check);
    }
  }
  return {};  // the test range is used up
}

std::string PopulationGenerator::postcode(const std::string& district) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); };
  std::string out = district;
  if (out.empty()) {
    out = std::string(kAreas[static_cast<std::size_t>(uniform(0, kAreas.size() - 1))]);
    out += std::to_string(uniform(1, 30));
  }
  out += ' ';
  out += static_cast<char>('0' + uniform(0, 9));
  out += kUnitLetters[static_cast<std::size_t>(uniform(0, kUnitLetters.size() - 1))];
  out += kUnitLetters[static_cast<std::size_t>(uniform(0, kUnitLetters.size() - 1))];
  return out;
}

std::vector<Person> PopulationGenerator::make(std::size_t n) {
  NameSampler names(rng_);
  // 1940-01-01 .. 2007-12-31 in days since 1970.
  std::uniform_int_distribution<std::int32_t> dob(-10957, 13878);
  std::bernoulli_distribution twin(0.005);
  std::vector<Person> people;
  people.reserve(n);
  while (people.size() < n) {
    Person p;
    p.nhs_number = fresh_nhs_number();
    p.sex = std::bernoulli_distribution(0.5)(rng_) ? '2' : '1';
    if (!people.empty() && twin(rng_)) {
      const Person& sibling = people.back();
      p.surname = sibling.surname;
      p.dob = sibling.dob;
      p.postcode = sibling.postcode;
    } else {
      p.surname = names.surname();
      p.dob = dob(rng_);
      p.postcode = postcode();
    }
    p.forename = names.forename(p.sex == '2');
    while (!people.empty() && p.surname == people.back().surname && p.dob == people.back().dob &&
           p.forename == people.back().forename) {
      p.forename = names.forename(p.sex == '2');  // parents rarely give twins one name
    }
    people.push_back(std::move(p));
  }
  return people;
}

}  // namespace atpipe::bench
