#include "bench/synth/names.hpp"

#include <array>
#include <cmath>
#include <string_view>

namespace atpipe::bench {
namespace {

constexpr std::array<std::string_view, 100> kSurnames = {
    "Smith",   "Jones",      "Taylor",    "Brown",      "Williams", "Wilson",   "Johnson",
    "Davies",  "Robinson",   "Wright",    "Thompson",   "Evans",    "Walker",   "White",
    "Roberts", "Green",      "Hall",      "Wood",       "Jackson",  "Clarke",   "Patel",
    "Khan",    "Lewis",      "James",     "Phillips",   "Mason",    "Mitchell", "Rose",
    "Davis",   "Rodriguez",  "Cox",       "Alexander",  "Morgan",   "Moore",    "Mills",
    "King",    "Lee",        "Baker",     "Harris",     "Scott",    "Young",    "Allen",
    "Hughes",  "Turner",     "Hill",      "Cooper",     "Ward",     "Morris",   "Edwards",
    "Clark",   "Hussain",    "Begum",     "Ali",        "Ahmed",    "Shah",     "Singh",
    "Kaur",    "Murphy",     "Kelly",     "O'Brien",    "O'Neill",  "Bell",     "Campbell",
    "Stewart", "Anderson",   "Murray",    "Reid",       "Graham",   "Marshall", "Owen",
    "Lloyd",   "Price",      "Griffiths", "Jenkins",    "Parker",   "Bennett",  "Carter",
    "Shaw",    "Collins",    "Cook",      "Richardson", "Watson",   "Gray",     "Ellis",
    "Chapman", "Fox",        "Knight",    "Webb",       "Hunt",     "Palmer",   "Mills",
    "Holmes",  "Barnes",     "Fisher",    "Kowalski",   "Nowak",    "Okafor",   "Adeyemi",
    "Nguyen",  "Smith-Jones"};

constexpr std::array<std::string_view, 48> kMale = {
    "Oliver",   "George",   "Harry",       "Noah",    "Jack",    "Leo",    "Oscar",  "Charlie",
    "Jacob",    "Thomas",   "William",     "James",   "Joshua",  "Daniel", "Samuel", "Joseph",
    "David",    "John",     "Michael",     "Robert",  "Richard", "Paul",   "Mark",   "Andrew",
    "Peter",    "Stephen",  "Christopher", "Matthew", "Liam",    "Ryan",   "Adam",   "Luke",
    "Mohammed", "Muhammad", "Ahmed",       "Ali",     "Ravi",    "Arjun",  "Piotr",  "Jakub",
    "Kwame",    "Chinedu",  "Sean",        "Connor",  "Dylan",   "Kieran", "Gareth", "Rhys"};

constexpr std::array<std::string_view, 48> kFemale = {
    "Olivia",   "Amelia",    "Isla",  "Ava",      "Mia",      "Ivy",       "Lily",      "Isabella",
    "Sophia",   "Grace",     "Emily", "Jessica",  "Sarah",    "Emma",      "Hannah",    "Charlotte",
    "Lucy",     "Rebecca",   "Laura", "Rachel",   "Claire",   "Nicola",    "Helen",     "Susan",
    "Margaret", "Elizabeth", "Mary",  "Patricia", "Jennifer", "Karen",     "Michelle",  "Zoe",
    "Fatima",   "Aisha",     "Amina", "Priya",    "Anjali",   "Agnieszka", "Katarzyna", "Siobhan",
    "Niamh",    "Aoife",     "Chloe", "Megan",    "Bethan",   "Catrin",    "Ngozi",     "Adaeze"};

constexpr std::array<std::string_view, 40> kOnsets = {
    "B", "Br", "C",  "Ch", "Cr", "D",  "F",  "G",  "Gr", "H",  "J",  "K", "L",  "M",
    "N", "P",  "Pr", "R",  "S",  "Sh", "St", "T",  "Th", "Tr", "V",  "W", "Wh", "Y",
    "Z", "Bl", "Cl", "Fl", "Gl", "Pl", "Sl", "Sp", "Sw", "Dr", "Fr", "Kn"};
constexpr std::array<std::string_view, 12> kVowels = {"a",  "e",  "i",  "o",  "u",  "ai",
                                                      "ea", "ee", "oo", "ou", "ay", "ow"};
constexpr std::array<std::string_view, 24> kCodas = {
    "n",    "ton",  "ley",  "well",  "by", "ford", "field", "man", "son", "wick", "worth", "ham",
    "more", "land", "bury", "ridge", "er", "ell",  "ett",   "ock", "in",  "ard",  "ick",   "s"};

template <std::size_t N>
std::discrete_distribution<std::size_t> zipf(double exponent) {
  std::vector<double> w(N);
  for (std::size_t i = 0; i < N; ++i) {
    w[i] = 1.0 / std::pow(static_cast<double>(i + 1), exponent);
  }
  return {w.begin(), w.end()};
}

}  // namespace

NameSampler::NameSampler(std::mt19937_64& rng)
    : rng_(rng),
      common_surname_(zipf<kSurnames.size()>(0.8)),
      male_(zipf<kMale.size()>(0.9)),
      female_(zipf<kFemale.size()>(0.9)) {}

std::string NameSampler::tail_surname() {
  auto pick = [&](const auto& list) {
    return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng_)];
  };
  std::string s(pick(kOnsets));
  s += pick(kVowels);
  if (std::bernoulli_distribution(0.5)(rng_)) {
    s += pick(kOnsets);
    s += pick(kVowels);
  }
  s += pick(kCodas);
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] >= 'A' && s[i] <= 'Z') {
      s[i] = static_cast<char>(s[i] - 'A' + 'a');
    }
  }
  return s;
}

std::string NameSampler::surname() {
  // About half of people carry one of the hundred commonest names, as in England and Wales.
  if (std::bernoulli_distribution(0.45)(rng_)) {
    return std::string(kSurnames[common_surname_(rng_)]);
  }
  return tail_surname();
}

std::string NameSampler::forename(bool female) {
  return std::string(female ? kFemale[female_(rng_)] : kMale[male_(rng_)]);
}

}  // namespace atpipe::bench
