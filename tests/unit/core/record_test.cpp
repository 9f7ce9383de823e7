#include <catch2/catch.hpp>

#include "core/code_lists.hpp"
#include "core/date_value.hpp"
#include "core/record.hpp"

using namespace atpipe::core;

TEST_CASE("a record holds only the fields it was given, each on its own", "[unit][core][record]") {
  Record r;
  CHECK(r.get(Field::NhsNumber).empty());
  CHECK_FALSE(r.has(Field::Surname));
  r.set(Field::Surname, "Brontë");
  r.set(Field::NhsNumber, "9990000018");
  r.set(Field::Forename, "");  // an empty value is no value
  CHECK(r.get(Field::Surname) == "Brontë");
  CHECK(r.get(Field::NhsNumber) == "9990000018");
  CHECK_FALSE(r.has(Field::Forename));
  r.set(Field::Surname, "Eyre");
  CHECK(r.get(Field::Surname) == "Eyre");
  r.set(Field::Surname, "");
  CHECK_FALSE(r.has(Field::Surname));
  CHECK(r.get(Field::NhsNumber) == "9990000018");
  // Every field can be held at once, and none overwrites another.
  for (const auto& info : all_fields()) {
    r.set(info.id, std::string(info.name) + "!");
  }
  for (const auto& info : all_fields()) {
    CHECK(r.get(info.id) == std::string(info.name) + "!");
  }
}

TEST_CASE("a copied record is independent of the one it came from", "[unit][core][record]") {
  Record a;
  a.set(Field::LocalId, "L1");
  Record b = a;
  b.set(Field::LocalId, "L2");
  b.set(Field::PostcodeHome, "ZZ99 3AA");
  CHECK(a.get(Field::LocalId) == "L1");
  CHECK_FALSE(a.has(Field::PostcodeHome));
  CHECK(b.get(Field::LocalId) == "L2");
  Record c = std::move(b);
  CHECK(c.get(Field::PostcodeHome) == "ZZ99 3AA");
}

TEST_CASE("code lists are found by list and version", "[unit][core][code_lists]") {
  CodeLists lists;
  lists.add("bed_type", "4", {"116", "117"});
  lists.add("bed_type", "3", {"101"});
  lists.add("ward_security", "4", {"0", "1"});
  CHECK(lists.contains("bed_type", "4", "117") == std::optional<bool>(true));
  CHECK(lists.contains("bed_type", "4", "101") == std::optional<bool>(false));
  CHECK(lists.contains("bed_type", "5", "117") == std::nullopt);
  CHECK(lists.contains("nope", "4", "117") == std::nullopt);
  CHECK(lists.has("ward_security", "4"));
  CHECK_FALSE(lists.has("ward_security", "3"));
  CHECK(lists.size() == 3);
  CHECK(lists.names() == std::vector<std::string>{"bed_type", "ward_security"});
  CodeLists other;
  other.add("bed_type", "4", {"999"});
  lists.replace_with(other);
  CHECK(lists.contains("bed_type", "4", "116") == std::optional<bool>(false));
  CHECK(lists.contains("bed_type", "4", "999") == std::optional<bool>(true));
  CHECK(lists.contains("bed_type", "3", "101") == std::optional<bool>(true));
}

TEST_CASE("ISO dates are written with four-digit years and two-digit months and days",
          "[unit][core][date]") {
  CHECK(to_iso(Date{date::year{2026}, date::month{3}, date::day{2}}) == "2026-03-02");
  CHECK(to_iso(Date{date::year{987}, date::month{12}, date::day{31}}) == "0987-12-31");
}
