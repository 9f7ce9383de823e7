// linkage_gen: writes a synthetic AT extract, a census extract and the truth that links them.
//
//   linkage_gen --out DIR [--at N] [--census N] [--overlap F] [--noise low|medium|heavy]
//               [--unusable-nhs F] [--plain] [--seed S]
//
// DIR/at.csv and DIR/census.csv have the columns local_id, nhs_number, surname, forename,
// date_of_birth, postcode, gender (AT dates dd/mm/yyyy, census ISO); DIR/truth.csv lists
// at_row,census_row (0-based data rows) for every person on both lists; DIR/at_classes.txt and
// DIR/census_classes.txt give, one line per data row, the corruption classes applied to that
// row (a bit per bench::CorruptionClass).

#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "bench/synth/corrupt.hpp"
#include "bench/synth/population.hpp"

namespace {

using atpipe::bench::Person;

struct Options {
  std::filesystem::path out = ".";
  std::size_t at = 100000;
  std::size_t census = 100000;
  double overlap = 0.8;  // share of AT records whose person is on the census
  std::string noise = "low";
  double unusable_nhs = -1;  // < 0: the noise level's own rates
  bool plain = false;        // NHS numbers without spaces, postcodes as normalised
  std::uint64_t seed = 42;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "linkage_gen: %s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--out") {
      o.out = value();
    } else if (arg == "--at") {
      o.at = std::stoul(value());
    } else if (arg == "--census") {
      o.census = std::stoul(value());
    } else if (arg == "--overlap") {
      o.overlap = std::stod(value());
    } else if (arg == "--noise") {
      o.noise = value();
    } else if (arg == "--unusable-nhs") {
      o.unusable_nhs = std::stod(value());
    } else if (arg == "--plain") {
      o.plain = true;
    } else if (arg == "--seed") {
      o.seed = std::stoull(value());
    } else {
      std::fprintf(stderr, "linkage_gen: unknown option %s\n", arg.c_str());
      std::exit(2);
    }
  }
  return o;
}

std::string upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return s;
}

std::string format_dob(const Person& p, bool iso) {
  const std::int32_t days = p.dob;
  if (!p.dob_text.empty()) {
    const std::string& t = p.dob_text;  // yyyymmdd, not a real date
    return iso ? t.substr(0, 4) + '-' + t.substr(4, 2) + '-' + t.substr(6, 2)
               : t.substr(6, 2) + '/' + t.substr(4, 2) + '/' + t.substr(0, 4);
  }
  if (days == atpipe::bench::kMissingDob) {
    return "";
  }
  const date::year_month_day d{date::sys_days{date::days{days}}};
  char text[16];
  const int y = static_cast<int>(d.year());
  const auto m = static_cast<unsigned>(d.month());
  const auto dd = static_cast<unsigned>(d.day());
  if (iso) {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, m, dd);
  } else {
    std::snprintf(text, sizeof text, "%02u/%02u/%04d", dd, m, y);
  }
  return text;
}

// The AT side looks like a provider extract (mixed case, spaced NHS numbers, untidy
// postcodes); the census like a national return (upper case, ISO dates).
void append_row(std::string& out, std::string& classes, std::size_t row, const Person& p,
                bool at_side, bool plain, std::mt19937_64& rng) {
  classes += std::to_string(p.classes) + '\n';
  std::string nhs = p.nhs_number;
  std::string pc = p.postcode;
  if (!plain && at_side && nhs.size() == 10 && std::bernoulli_distribution(0.3)(rng)) {
    nhs = nhs.substr(0, 3) + " " + nhs.substr(3, 3) + " " + nhs.substr(6);
  }
  if (!plain && at_side && !pc.empty() && std::bernoulli_distribution(0.2)(rng)) {
    pc.erase(std::remove(pc.begin(), pc.end(), ' '), pc.end());
    for (char& c : pc) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  out += (at_side ? "AT" : "CEN") + std::to_string(row) + ',' + nhs + ',';
  out += (at_side ? p.surname : upper(p.surname)) + ',';
  out += (at_side ? p.forename : upper(p.forename)) + ',';
  out += format_dob(p, !at_side) + ',' + pc + ',' + p.sex + '\n';
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
      std::fclose(f) != 0) {
    std::fprintf(stderr, "linkage_gen: cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::filesystem::create_directories(o.out);
  const auto shared =
      std::min(o.census, static_cast<std::size_t>(o.overlap * static_cast<double>(o.at)));
  const std::size_t at_only = o.at - shared;
  const std::size_t census_only = o.census - shared;

  atpipe::bench::PopulationGenerator population(o.seed);
  const auto people = population.make(shared + at_only + census_only);
  auto level = atpipe::bench::noise_level(o.noise);
  if (o.unusable_nhs >= 0) {
    level.nhs_missing = o.unusable_nhs * 2.0 / 3.0;
    level.nhs_typo = o.unusable_nhs / 3.0;
  }
  atpipe::bench::Corruptor corrupt(population, level);

  // Row order is shuffled on both sides so that the truth is not the row number.
  std::vector<std::size_t> at_people(o.at);
  std::iota(at_people.begin(), at_people.begin() + static_cast<std::ptrdiff_t>(shared), 0);
  std::iota(at_people.begin() + static_cast<std::ptrdiff_t>(shared), at_people.end(),
            shared + census_only);
  std::vector<std::size_t> census_people(o.census);
  std::iota(census_people.begin(), census_people.end(), 0);
  std::shuffle(at_people.begin(), at_people.end(), population.rng());
  std::shuffle(census_people.begin(), census_people.end(), population.rng());

  const std::string header = "local_id,nhs_number,surname,forename,date_of_birth,postcode,gender\n";
  std::vector<std::size_t> census_row_of(people.size(), SIZE_MAX);
  std::string text = header;
  std::string classes;
  text.reserve(o.census * 72);
  for (std::size_t row = 0; row < census_people.size(); ++row) {
    census_row_of[census_people[row]] = row;
    append_row(text, classes, row, corrupt.apply(people[census_people[row]]), false, o.plain,
               population.rng());
  }
  write_file(o.out / "census.csv", text);
  write_file(o.out / "census_classes.txt", classes);
  classes.clear();

  text = header;
  std::string truth = "at_row,census_row\n";
  for (std::size_t row = 0; row < at_people.size(); ++row) {
    append_row(text, classes, row, corrupt.apply(people[at_people[row]]), true, o.plain,
               population.rng());
    if (census_row_of[at_people[row]] != SIZE_MAX) {
      truth += std::to_string(row) + ',' + std::to_string(census_row_of[at_people[row]]) + '\n';
    }
  }
  write_file(o.out / "at.csv", text);
  write_file(o.out / "truth.csv", truth);
  write_file(o.out / "at_classes.txt", classes);
  std::printf("linkage_gen: %zu AT, %zu census, %zu true pairs, noise %s -> %s\n", o.at, o.census,
              shared, level.name.c_str(), o.out.c_str());
  return 0;
}
