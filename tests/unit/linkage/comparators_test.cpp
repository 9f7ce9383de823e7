#include <catch2/catch.hpp>

#include <date/date.h>

#include "transforms/linkage/comparison.hpp"
#include "transforms/linkage/date_compare.hpp"
#include "transforms/linkage/jaro_winkler.hpp"
#include "transforms/linkage/link_side.hpp"
#include "transforms/linkage/postcode_compare.hpp"
#include "transforms/linkage/soundex.hpp"

using namespace atpipe::transforms::linkage;

namespace {

std::int32_t days(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(
      date::sys_days(date::year{y} / date::month{m} / date::day{d}).time_since_epoch().count());
}

// A one-record side, so that comparators see exactly what LinkSide::add makes of the text.
CompactRecord one(LinkSide& side, LinkInput in) {
  side.add(in);
  return side[side.size() - 1];
}

}  // namespace

TEST_CASE("Jaro-Winkler matches the published values", "[unit][linkage]") {
  CHECK(jaro_winkler("MARTHA", "MARHTA") == Approx(0.961).margin(0.0005));
  CHECK(jaro_winkler("DWAYNE", "DUANE") == Approx(0.84).margin(0.0005));
  CHECK(jaro_winkler("DIXON", "DICKSONX") == Approx(0.813).margin(0.0005));
  CHECK(jaro("MARTHA", "MARHTA") == Approx(0.944).margin(0.0005));
  CHECK(jaro_winkler("SMITH", "SMITH") == 1.0);
  CHECK(jaro_winkler("", "") == 1.0);
  CHECK(jaro_winkler("SMITH", "") == 0.0);
  CHECK(jaro_winkler("ABC", "XYZ") == 0.0);
  CHECK(jaro_winkler("A", "A") == 1.0);
}

TEST_CASE("Soundex codes follow the census rules", "[unit][linkage]") {
  CHECK(soundex("Robert") == "R163");
  CHECK(soundex("Rupert") == "R163");
  CHECK(soundex("Tymczak") == "T522");
  CHECK(soundex("Pfister") == "P236");
  CHECK(soundex("Ashcraft") == "A261");  // H does not separate s and c
  CHECK(soundex("Lee") == "L000");
  CHECK(soundex("O'Brien") == "O165");
  CHECK(soundex("") == "");
  CHECK(soundex_code("Robert") == soundex_code("Rupert"));
  CHECK(soundex_code("") == 0U);
}

TEST_CASE("dates of birth compare at six levels", "[unit][linkage]") {
  const auto base = days(1985, 3, 12);
  CHECK(compare_dates(base, base) == DateAgreement::Exact);
  CHECK(compare_dates(base, days(1985, 12, 3)) == DateAgreement::DayMonthSwapped);
  CHECK(compare_dates(base, days(1985, 3, 13)) == DateAgreement::OneDigit);
  CHECK(compare_dates(base, days(1986, 3, 12)) == DateAgreement::OneDigit);
  CHECK(compare_dates(base, days(1958, 3, 12)) == DateAgreement::Transposed);
  CHECK(compare_dates(base, days(1985, 3, 21)) == DateAgreement::Transposed);
  CHECK(compare_dates(base, days(1979, 3, 12)) == DateAgreement::YearOnly);
  CHECK(compare_dates(base, days(1985, 5, 21)) == DateAgreement::Different);
  CHECK(compare_dates(base, days(1990, 7, 1)) == DateAgreement::Different);
  CHECK(yyyymmdd(base) == 19850312);
}

TEST_CASE("postcodes compare by full, sector and district", "[unit][linkage]") {
  LinkSide side;
  const auto a = one(side, {"", "", "", "", "nn1 5bd", ""});
  CHECK(a.outward_len == 3);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 5BD", ""})) ==
        PostcodeAgreement::Full);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 5ZZ", ""})) ==
        PostcodeAgreement::Sector);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 5BE", ""})) ==
        PostcodeAgreement::OneChar);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 5BE", ""}), false) ==
        PostcodeAgreement::Sector);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN5 1BD", ""})) ==
        PostcodeAgreement::OneChar);  // digits swapped across the space
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 5DB", ""})) ==
        PostcodeAgreement::OneChar);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN5 1DB", ""})) ==
        PostcodeAgreement::Different);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN1 3AA", ""})) ==
        PostcodeAgreement::District);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "NN13 5BD", ""})) ==
        PostcodeAgreement::Different);
  CHECK(compare_postcodes(a, one(side, {"", "", "", "", "LE1 5BD", ""})) ==
        PostcodeAgreement::Different);
  // No fixed abode says nothing about identity; an invalid postcode is unusable.
  CHECK(one(side, {"", "", "", "", "ZZ99 3VZ", ""}).outward_len == 0);
  CHECK(one(side, {"", "", "", "", "NOT A PC", ""}).outward_len == 0);
}

TEST_CASE("NHS numbers compare as equal, one keying error, or different", "[unit][linkage]") {
  LinkSide side;
  const auto valid = one(side, {"943 476 5919", "", "", "", "", ""});
  CHECK(valid.nhs_state == NhsState::Valid);
  CHECK(compare_nhs_numbers(valid, one(side, {"9434765919", "", "", "", "", ""})) == 0);
  const auto typo = one(side, {"9434765910", "", "", "", "", ""});
  CHECK(typo.nhs_state == NhsState::Invalid);
  CHECK(compare_nhs_numbers(valid, typo) == 1);
  CHECK(compare_nhs_numbers(valid, one(side, {"9434756919", "", "", "", "", ""})) == 1);
  CHECK(compare_nhs_numbers(valid, one(side, {"6541003238", "", "", "", "", ""})) == 2);
  CHECK(compare_nhs_numbers(valid, one(side, {"", "", "", "", "", ""})) == kNullLevel);
  CHECK(compare_nhs_numbers(valid, one(side, {"1234567890", "", "", "", "", ""})) == kNullLevel);
  CHECK(one(side, {"0000000000", "", "", "", "", ""}).nhs_state == NhsState::Invalid);
}

TEST_CASE("a pattern holds one level per comparison and null for missing", "[unit][linkage]") {
  LinkSide at;
  LinkSide census;
  at.add({"", "O'Brien", "Siobhan", "1990-05-17", "NN1 5BD", "2"});
  census.add({"9434765919", "OBRIEN", "Siobhán", "1990-17-05", "NN1 5BE", ""});
  const Comparator cmp(default_linkage_config().comparisons);
  const Pattern p = cmp.compare(at, at[0], census, census[0]);
  CHECK(level_at(p, 0) == kNullLevel);  // nhs: missing on the AT side
  CHECK(level_at(p, 1) == 0);           // surname: equal once punctuation goes
  CHECK(level_at(p, 2) == 1);           // forename: close (accent)
  CHECK(level_at(p, 3) == 1);           // a date that is not a date compares by its digits: swapped
  CHECK(level_at(p, 4) == 1);           // postcode: one character changed
  CHECK(level_at(p, 5) == kNullLevel);  // sex unknown on the census side
}

TEST_CASE("the Jaro-Winkler bound never falls below the similarity", "[unit][linkage]") {
  const char* names[] = {"MARTHA", "MARHTA", "DWAYNE", "DUANE",    "DIXON",    "DICKSONX", "SMITH",
                         "SMYTHE", "O",      "",       "KOWALSKI", "KOWALSKY", "AAAB",     "BAAA"};
  for (const char* a : names) {
    for (const char* b : names) {
      CHECK(jaro_winkler_upper_bound(a, b) + 1e-12 >= jaro_winkler(a, b));
    }
  }
  CHECK(jaro_winkler_upper_bound("ABC", "XYZ") == 0.0);
}
