#include "bench/synth/corrupt.hpp"

#include <date/date.h>

#include <utility>

namespace atpipe::bench {

NoiseLevel noise_level(std::string_view name) {
  NoiseLevel n;
  double k = 1.0;
  n.name = "low";
  if (name == "medium") {
    n.name = "medium";
    k = 2.5;
  } else if (name == "heavy") {
    n.name = "heavy";
    k = 5.0;
  }
  n.nhs_missing = 0.03 * k;
  n.nhs_typo = 0.01 * k;
  n.nhs_wrong = 0.002 * k;
  n.surname_typo = 0.02 * k;
  n.surname_married = 0.01 * k;
  n.forename_typo = 0.02 * k;
  n.dob_swap = 0.01 * k;
  n.dob_digit = 0.01 * k;
  n.dob_missing = 0.002 * k;
  n.postcode_moved = 0.03 * k;
  n.postcode_typo = 0.005 * k;
  n.postcode_missing = 0.01 * k;
  n.sex_missing = 0.005 * k;
  return n;
}

Corruptor::Corruptor(PopulationGenerator& population, NoiseLevel level)
    : population_(population), names_(population.rng()), level_(std::move(level)) {}

bool Corruptor::chance(double p) {
  return p > 0 && std::bernoulli_distribution(p)(population_.rng());
}

std::string Corruptor::typo(const std::string& s, bool digits) {
  if (s.size() < 2) {
    return s;
  }
  auto& rng = population_.rng();
  auto uniform = [&](std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(0, hi)(rng);
  };
  auto random_char = [&](char like) {
    if (digits) {
      return static_cast<char>('0' + uniform(9));
    }
    const char base = like >= 'a' && like <= 'z' ? 'a' : 'A';
    return static_cast<char>(base + uniform(25));
  };
  std::string out = s;
  const std::size_t op = digits ? uniform(1) : uniform(3);
  const std::size_t i = uniform(s.size() - 2) + (digits ? 0 : 1);  // names keep initials
  const std::size_t at = std::min(i, out.size() - 1);
  switch (op) {
    case 1:  // adjacent transposition
      if (at + 1 < out.size() && out[at] != out[at + 1]) {
        std::swap(out[at], out[at + 1]);
        break;
      }
      [[fallthrough]];  // nothing to swap: substitute instead
    case 0: {           // substitution
      const char before = out[at];
      while (out[at] == before) {
        out[at] = random_char(before);
      }
      break;
    }
    case 2:  // deletion
      out.erase(at, 1);
      break;
    default:  // insertion
      out.insert(at, 1, random_char(out[at]));
      break;
  }
  return out;
}

Person Corruptor::apply(const Person& truth) {
  Person p = truth;
  if (chance(level_.nhs_missing)) {
    p.nhs_number.clear();
  } else if (!p.nhs_number.empty() && chance(level_.nhs_typo / (1.0 - level_.nhs_missing))) {
    p.nhs_number = typo(p.nhs_number, true);
  } else if (chance(level_.nhs_wrong)) {
    p.nhs_number = population_.fresh_nhs_number();
  }
  if (p.sex == '2' && chance(level_.surname_married * 2)) {
    p.surname = names_.surname();
  }
  if (chance(level_.surname_typo)) {
    p.surname = typo(p.surname, false);
  }
  if (chance(level_.forename_typo)) {
    p.forename = typo(p.forename, false);
  }
  const date::year_month_day ymd{date::sys_days{date::days{p.dob}}};
  if (chance(level_.dob_missing)) {
    p.dob = kMissingDob;
  } else if (chance(level_.dob_swap)) {
    const date::year_month_day swapped{ymd.year(), date::month{static_cast<unsigned>(ymd.day())},
                                       date::day{static_cast<unsigned>(ymd.month())}};
    if (swapped.ok() && swapped != ymd) {
      p.dob = static_cast<std::int32_t>(date::sys_days(swapped).time_since_epoch().count());
    }
  } else if (chance(level_.dob_digit)) {
    for (int tries = 0; tries < 20; ++tries) {
      const int v = static_cast<int>(ymd.year()) * 10000 +
                    static_cast<int>(static_cast<unsigned>(ymd.month())) * 100 +
                    static_cast<int>(static_cast<unsigned>(ymd.day()));
      const std::string t = typo(std::to_string(v), true);
      const int w = std::stoi(t);
      const date::year_month_day d{date::year{w / 10000},
                                   date::month{static_cast<unsigned>(w / 100 % 100)},
                                   date::day{static_cast<unsigned>(w % 100)}};
      if (t.size() == 8 && d.ok() && d != ymd && static_cast<int>(d.year()) > 1900) {
        p.dob = static_cast<std::int32_t>(date::sys_days(d).time_since_epoch().count());
        break;
      }
    }
  }
  if (chance(level_.postcode_missing)) {
    p.postcode.clear();
  } else if (chance(level_.postcode_moved)) {
    const bool nearby = chance(0.5);
    p.postcode = population_.postcode(nearby ? p.postcode.substr(0, p.postcode.find(' ')) : "");
  } else if (chance(level_.postcode_typo)) {
    const std::size_t space = p.postcode.find(' ');
    p.postcode = p.postcode.substr(0, space + 2) + typo(p.postcode.substr(space + 2), false);
  }
  if (chance(level_.sex_missing)) {
    p.sex = 'X';
  }
  return p;
}

}  // namespace atpipe::bench
