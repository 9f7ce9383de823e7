#include "bench/synth/corrupt.hpp"

#include <date/date.h>

#include <utility>

namespace atpipe::bench {
namespace {

constexpr std::array<std::string_view, kCorruptionClasses> kClassNames = {
    "nhs_unusable",    "nhs_wrong",      "name_typo",      "married",       "names_swapped",
    "surname_in_fore", "dob_digit",      "dob_transposed", "dob_day_month", "dob_year",
    "dob_invalid",     "postcode_moved", "pc_transposed",  "pc_one_char",   "missing_value"};

void mark(Person& p, CorruptionClass c) {
  p.classes |= 1U << static_cast<unsigned>(c);
}

std::int32_t ymd_number(std::int32_t days) {
  const date::year_month_day d{date::sys_days{date::days{days}}};
  return static_cast<int>(d.year()) * 10000 +
         static_cast<int>(static_cast<unsigned>(d.month())) * 100 +
         static_cast<int>(static_cast<unsigned>(d.day()));
}

date::year_month_day ymd_of(int v) {
  return {date::year{v / 10000}, date::month{static_cast<unsigned>(v / 100 % 100)},
          date::day{static_cast<unsigned>(v % 100)}};
}

std::int32_t days_of(const date::year_month_day& d) {
  return static_cast<std::int32_t>(date::sys_days(d).time_since_epoch().count());
}

}  // namespace

std::string_view class_name(CorruptionClass c) {
  return kClassNames.at(static_cast<std::size_t>(c));
}

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
  // Rates of the kinds issue 12 found on an independent benchmark (5,000 pairs: 331 with
  // names swapped, 101 with a date that is not a date, 100 with a date typo), per side.
  n.names_swapped = 0.012 * k;
  n.surname_in_forename = 0.002 * k;
  n.name_missing = 0.002 * k;
  n.dob_swap = 0.01 * k;
  n.dob_digit = 0.006 * k;
  n.dob_transposed = 0.004 * k;
  n.dob_year = 0.002 * k;
  n.dob_invalid = 0.004 * k;
  n.dob_missing = 0.002 * k;
  n.postcode_moved = 0.03 * k;
  n.postcode_typo = 0.005 * k;
  n.postcode_transposed = 0.003 * k;
  n.postcode_char = 0.003 * k;
  n.postcode_missing = 0.01 * k;
  n.sex_missing = 0.005 * k;
  return n;
}

Corruptor::Corruptor(PopulationGenerator& population, NoiseLevel level)
    : population_(population), names_(population.rng()), level_(std::move(level)) {}

bool Corruptor::chance(double p) {
  return p > 0 && std::bernoulli_distribution(p)(population_.rng());
}

std::size_t Corruptor::uniform(std::size_t hi) {
  return std::uniform_int_distribution<std::size_t>(0, hi)(population_.rng());
}

// One keying error: op 0 substitutes, 1 swaps two adjacent characters, 2 deletes, 3
// inserts; -1 picks one (digits only substitute or swap).
std::string Corruptor::typo(const std::string& s, bool digits, int op) {
  if (s.size() < 2) {
    return s;
  }
  auto random_char = [&](char like) {
    if (digits) {
      return static_cast<char>('0' + uniform(9));
    }
    const char base = like >= 'a' && like <= 'z' ? 'a' : 'A';
    return static_cast<char>(base + uniform(25));
  };
  std::string out = s;
  const std::size_t kind =
      op >= 0 ? static_cast<std::size_t>(op) : (digits ? uniform(1) : uniform(3));
  const std::size_t i = uniform(s.size() - 2) + (digits ? 0 : 1);  // names keep initials
  const std::size_t at = std::min(i, out.size() - 1);
  switch (kind) {
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
  p.classes = 0;
  if (chance(level_.nhs_missing)) {
    p.nhs_number.clear();
    mark(p, CorruptionClass::NhsUnusable);
  } else if (!p.nhs_number.empty() && chance(level_.nhs_typo / (1.0 - level_.nhs_missing))) {
    p.nhs_number = typo(p.nhs_number, true);
    mark(p, CorruptionClass::NhsUnusable);
  } else if (chance(level_.nhs_wrong)) {
    p.nhs_number = population_.fresh_nhs_number();
    mark(p, CorruptionClass::NhsWrong);
  }
  if (p.nhs_number.empty()) {
    mark(p, CorruptionClass::NhsUnusable);  // the range ran out for this person
  }
  corrupt_names(p);
  corrupt_dob(p);
  corrupt_postcode(p);
  if (chance(level_.sex_missing)) {
    p.sex = 'X';
    mark(p, CorruptionClass::Missing);
  }
  return p;
}

void Corruptor::corrupt_names(Person& p) {
  if (p.sex == '2' && chance(level_.surname_married * 2)) {
    p.surname = names_.surname();
    mark(p, CorruptionClass::Married);
  }
  if (chance(level_.surname_typo)) {
    p.surname = typo(p.surname, false);
    mark(p, CorruptionClass::NameTypo);
  }
  if (chance(level_.forename_typo)) {
    p.forename = typo(p.forename, false);
    mark(p, CorruptionClass::NameTypo);
  }
  if (chance(level_.names_swapped)) {
    std::swap(p.surname, p.forename);
    mark(p, CorruptionClass::NamesSwapped);
  } else if (chance(level_.surname_in_forename)) {
    p.forename = std::exchange(p.surname, "");
    mark(p, CorruptionClass::SurnameInForename);
  } else if (chance(level_.name_missing * 2)) {
    (chance(0.5) ? p.surname : p.forename).clear();
    mark(p, CorruptionClass::Missing);
  }
}

// Retypes the date of birth with one keying error of kind `op` until the result is (or,
// for `want_valid` false, is not) a real date other than the truth.
bool Corruptor::retype_dob(Person& p, int op, bool want_valid) {
  const std::string before = std::to_string(ymd_number(p.dob));
  for (int tries = 0; tries < 40; ++tries) {
    const std::string t = typo(before, true, op);
    const int w = std::stoi(t);
    const auto d = ymd_of(w);
    if (t.size() != 8 || t == before || w / 10000 < 1900) {
      continue;
    }
    if (want_valid && d.ok()) {
      p.dob = days_of(d);
      return true;
    }
    if (!want_valid && !d.ok() && w / 10000 == std::stoi(before) / 10000) {
      p.dob_text = t;
      return true;
    }
  }
  return false;
}

void Corruptor::corrupt_dob(Person& p) {
  const date::year_month_day ymd{date::sys_days{date::days{p.dob}}};
  if (chance(level_.dob_missing)) {
    p.dob = kMissingDob;
    mark(p, CorruptionClass::Missing);
  } else if (chance(level_.dob_swap)) {
    const date::year_month_day swapped{ymd.year(), date::month{static_cast<unsigned>(ymd.day())},
                                       date::day{static_cast<unsigned>(ymd.month())}};
    if (swapped.ok() && swapped != ymd) {
      p.dob = days_of(swapped);
      mark(p, CorruptionClass::DobDayMonth);
    }
  } else if (chance(level_.dob_digit)) {
    if (retype_dob(p, 0, true)) {
      mark(p, CorruptionClass::DobDigit);
    }
  } else if (chance(level_.dob_transposed)) {
    if (retype_dob(p, 1, true)) {
      mark(p, CorruptionClass::DobTransposed);
    }
  } else if (chance(level_.dob_year)) {
    const auto shift = static_cast<int>(uniform(9)) + 1;
    const date::year_month_day d{ymd.year() + date::years{chance(0.5) ? shift : -shift},
                                 ymd.month(), ymd.day()};
    if (d.ok()) {
      p.dob = days_of(d);
      mark(p, CorruptionClass::DobYear);
    }
  } else if (chance(level_.dob_invalid)) {
    if (retype_dob(p, static_cast<int>(uniform(1)), false)) {
      mark(p, CorruptionClass::DobInvalid);
    }
  }
}

void Corruptor::corrupt_postcode(Person& p) {
  if (chance(level_.postcode_missing)) {
    p.postcode.clear();
    mark(p, CorruptionClass::Missing);
    return;
  }
  const std::size_t space = p.postcode.find(' ');
  if (chance(level_.postcode_moved)) {
    const bool nearby = chance(0.5);
    p.postcode = population_.postcode(nearby ? p.postcode.substr(0, space) : "");
    mark(p, CorruptionClass::PostcodeMoved);
  } else if (chance(level_.postcode_typo)) {
    p.postcode = p.postcode.substr(0, space + 2) + typo(p.postcode.substr(space + 2), false);
    mark(p, CorruptionClass::PostcodeChar);
  } else if (chance(level_.postcode_transposed) || chance(level_.postcode_char)) {
    const bool swap =
        chance(level_.postcode_transposed / (level_.postcode_transposed + level_.postcode_char));
    std::string s = p.postcode.substr(0, space) + p.postcode.substr(space + 1);
    const std::size_t at = 1 + uniform(s.size() - 2);
    if (swap && at + 1 < s.size() && s[at] != s[at + 1]) {
      std::swap(s[at], s[at + 1]);
      mark(p, CorruptionClass::PostcodeTransposed);
    } else {
      const bool digit = s[at] >= '0' && s[at] <= '9';
      const char before = s[at];
      while (s[at] == before) {
        s[at] = static_cast<char>(digit ? '0' + uniform(9) : 'A' + uniform(25));
      }
      mark(p, CorruptionClass::PostcodeChar);
    }
    p.postcode = s.substr(0, s.size() - 3) + ' ' + s.substr(s.size() - 3);
  }
}

}  // namespace atpipe::bench
