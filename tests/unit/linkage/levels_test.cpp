#include <catch2/catch.hpp>

#include <cmath>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/date_compare.hpp"
#include "transforms/linkage/link_config.hpp"
#include "transforms/linkage/link_side.hpp"
#include "transforms/linkage/scoring.hpp"

using namespace atpipe::transforms::linkage;

namespace {

constexpr std::size_t kNhs = 0;
constexpr std::size_t kSurname = 1;
constexpr std::size_t kForename = 2;
constexpr std::size_t kDob = 3;
constexpr std::size_t kPostcode = 4;
constexpr std::size_t kSex = 5;

// The default comparisons' pattern for one AT and one census record.
Pattern pattern_of(const LinkInput& at_in, const LinkInput& census_in,
                   const std::string& at_format = "%Y-%m-%d") {
  LinkSide at(at_format);
  LinkSide census;
  at.add(at_in);
  census.add(census_in);
  const Comparator cmp(default_linkage_config().comparisons);
  return cmp.compare(at, at[0], census, census[0]);
}

std::string label(const Pattern p, std::size_t i) {
  const auto level = level_at(p, i);
  return level == kNullLevel ? "missing"
                             : level_label(default_linkage_config().comparisons[i], level);
}

// A model with m and u set by hand: every level gets a weight that is not zero.
FittedModel hand_model() {
  FittedModel model;
  model.specs = default_linkage_config().comparisons;
  for (const auto& spec : model.specs) {
    const std::size_t n = level_count(spec);
    std::vector<double> m(n, 0.1 / static_cast<double>(n - 1));
    std::vector<double> u(n, 0.9 / static_cast<double>(n - 1));
    m[0] = 0.9;
    u[0] = 0.1;
    model.m.push_back(m);
    model.u.push_back(u);
  }
  model.prior = 0.001;
  return model;
}

}  // namespace

TEST_CASE("forename and surname swapped have their own level", "[unit][linkage]") {
  const Pattern p = pattern_of({"", "Smith", "John", "1980-01-02", "", ""},
                               {"", "JOHN", "SMITH", "1980-01-02", "", ""});
  CHECK(label(p, kSurname) == "names swapped");
  // The surname carries the evidence; the forename, holding a surname, is left out.
  CHECK(level_at(p, kForename) == kNullLevel);
  const Pattern close =
      pattern_of({"", "Smithe", "Jon", "", "", ""}, {"", "JOHN", "SMITH", "", "", ""});
  CHECK(label(close, kSurname) == "names swapped");
}

TEST_CASE("a surname in the forename column has its own level", "[unit][linkage]") {
  const Pattern p =
      pattern_of({"", "", "Kowalski", "", "", ""}, {"", "KOWALSKI", "ANNA", "", "", ""});
  CHECK(label(p, kSurname) == "in the other name column");
  CHECK(level_at(p, kForename) == kNullLevel);
}

TEST_CASE("different names stay different and exact names are not crossed", "[unit][linkage]") {
  const Pattern p =
      pattern_of({"", "Smith", "John", "", "", ""}, {"", "JONES", "MARY", "", "", ""});
  CHECK(label(p, kSurname) == "different");
  CHECK(label(p, kForename) == "different");
  const Pattern same =
      pattern_of({"", "Smith", "John", "", "", ""}, {"", "SMITH", "JOHN", "", "", ""});
  CHECK(label(same, kSurname) == "exact");
  CHECK(label(same, kForename) == "exact");
  CHECK(cross_names("SMITH", "JOHN", "JOHN", "SMITH") == NameCross::Swapped);
  CHECK(cross_names("", "SMITH", "SMITH", "JOHN") == NameCross::Crossed);
  CHECK(cross_names("SMITH", "JOHN", "JONES", "MARY") == NameCross::None);
}

TEST_CASE("dates of birth: each keying error has a level", "[unit][linkage]") {
  const LinkInput at{"", "", "", "1985-03-12", "", ""};
  auto dob = [&](const char* census_date) {
    return label(pattern_of(at, {"", "", "", census_date, "", ""}), kDob);
  };
  CHECK(dob("1985-03-12") == "exact");
  CHECK(dob("1985-12-03") == "day/month swapped");
  CHECK(dob("1985-03-13") == "one digit");
  CHECK(dob("1985-03-21") == "two digits swapped");
  CHECK(dob("1979-03-12") == "year only");
  CHECK(dob("1991-07-25") == "different");
}

TEST_CASE("a date that is not a date compares by its digits", "[unit][linkage]") {
  CHECK(unreadable_date_digits("31/02/1980", "%d/%m/%Y") == 19800231);
  CHECK(unreadable_date_digits("1980-13-05", "%Y-%m-%d") == 19801305);
  CHECK(unreadable_date_digits("1980-13-05", "%d/%m/%Y") == 19801305);  // falls back to ISO
  CHECK(unreadable_date_digits("19800231", "%Y-%m-%d") == 19800231);
  CHECK(unreadable_date_digits("not known", "%Y-%m-%d") == 0);
  CHECK(unreadable_date_digits("80-02-31", "%Y-%m-%d") == 0);

  LinkSide side("%d/%m/%Y");
  side.add({"", "", "", "31/02/1980", "", ""});
  CHECK(side[0].dob == kNoDate);  // never blocked on as a date
  CHECK(side[0].dob_ymd == 19800231);
  // 13/02/1980 typed with its day digits swapped: on either side.
  const Pattern p = pattern_of({"", "", "", "31/02/1980", "", ""},
                               {"", "", "", "1980-02-13", "", ""}, "%d/%m/%Y");
  CHECK(label(p, kDob) == "two digits swapped");
  const Pattern same =
      pattern_of({"", "", "", "1980-02-31", "", ""}, {"", "", "", "1980-02-31", "", ""});
  CHECK(label(same, kDob) == "exact");
}

TEST_CASE("postcodes: one character changed or two swapped has a level", "[unit][linkage]") {
  const LinkInput at{"", "", "", "", "NN1 5BD", ""};
  auto pc = [&](const char* census_pc) {
    return label(pattern_of(at, {"", "", "", "", census_pc, ""}), kPostcode);
  };
  CHECK(pc("NN1 5BD") == "full");
  CHECK(pc("NN1 5BE") == "one char or swap");
  CHECK(pc("NN5 1BD") == "one char or swap");
  CHECK(pc("NN1 5ZZ") == "sector");
  CHECK(pc("NN1 3AA") == "district");
  CHECK(pc("LE4 9XY") == "different");
}

TEST_CASE("without transpositions the levels are the earlier ones", "[unit][linkage]") {
  auto config = default_linkage_config();
  for (auto& spec : config.comparisons) {
    spec.transpositions = false;
  }
  CHECK(level_count(config.comparisons[kSurname]) == 4);
  CHECK(level_count(config.comparisons[kDob]) == 3);
  CHECK(level_count(config.comparisons[kPostcode]) == 4);
  LinkSide at;
  LinkSide census;
  at.add({"", "Smith", "John", "1985-03-12", "NN1 5BD", ""});
  census.add({"", "JOHN", "SMITH", "1985-03-21", "NN1 5BE", ""});
  const Comparator cmp(config.comparisons);
  const Pattern p = cmp.compare(at, at[0], census, census[0]);
  CHECK(level_at(p, kSurname) == 3);   // different
  CHECK(level_at(p, kForename) == 2);  // different
  CHECK(level_at(p, kDob) == 2);       // different
  CHECK(level_at(p, kPostcode) == 1);  // sector
  CHECK(level_label(config.comparisons[kPostcode], 1) == "sector");
}

TEST_CASE("missing on either side or both is neutral, never agreement", "[unit][linkage]") {
  const FittedModel model = hand_model();
  const LinkInput full{"9434765919", "Smith", "John", "1985-03-12", "NN1 5BD", "1"};
  const LinkInput empty{"", "", "", "", "", ""};
  for (const Pattern p :
       {pattern_of(full, empty), pattern_of(empty, full), pattern_of(empty, empty)}) {
    for (std::size_t i = 0; i < model.specs.size(); ++i) {
      CHECK(level_at(p, i) == kNullLevel);
    }
    CHECK(model.match_weight(p) == 0.0);
    for (const auto& c : explain(model, p)) {
      CHECK(c.level == "missing");
      CHECK(c.weight == 0.0);
    }
  }
  // Sex unmapped on both sides adds nothing to a pair that agrees on everything else.
  const LinkInput no_sex{"9434765919", "Smith", "John", "1985-03-12", "NN1 5BD", ""};
  const Pattern with = pattern_of(full, full);
  const Pattern without = pattern_of(no_sex, no_sex);
  CHECK(level_at(without, kSex) == kNullLevel);
  CHECK(level_at(without, kNhs) == 0);
  CHECK(model.match_weight(with) - model.match_weight(without) == Approx(std::log2(0.9 / 0.1)));
  CHECK(explain(model, without)[kSex].weight == 0.0);
}
