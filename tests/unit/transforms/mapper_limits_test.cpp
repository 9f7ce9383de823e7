#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/mapping/mapper.hpp"

// What the mapper refuses to read at all, whatever the source type: a value longer than the
// source's max_field_length (ATP-M008) and a control character (ATP-M007). Both name the
// field and never the value.

using namespace atpipe;
using core::Field;
using test::column;

namespace {

std::vector<core::Record> map_rows(std::vector<std::vector<std::string>> rows,
                                   std::size_t max_field_length = 4096) {
  config::SourceSpec spec;
  spec.name = "limits";
  spec.max_field_length = max_field_length;
  spec.mapping = {column(Field::LocalId, "id"), column(Field::NhsNumber, "nhs"),
                  column(Field::Surname, "surname"), column(Field::EthnicCategory, "sex")};
  static const std::map<std::string, config::CodeMap> maps;
  core::RawBatch batch;
  batch.file = "limits.csv";
  batch.header = {"id", "nhs", "surname", "sex"};
  std::size_t row = 2;
  for (auto& values : rows) {
    batch.rows.push_back({row++, std::move(values), ""});
  }
  transforms::Mapper mapper(spec, maps);
  auto out = mapper.map(batch);
  REQUIRE(out);
  return std::move(*out);
}

const core::Finding* finding(const core::Record& r, const std::string& rule) {
  for (const auto& f : r.findings) {
    if (f.rule == rule) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a control character in a value is a finding naming the field, not the value",
          "[unit][mapping]") {
  const std::string nul_name = std::string("Zed") + '\0' + "Tester";
  auto out = map_rows({{"A1", "9990001234", nul_name, "1"},
                       {"A2",
                        "999000\x7f"
                        "1235",
                        "Tester", "1"},
                       {"A3", "9990001236", "Tes\x1b[2Jter", "1"},
                       {"A4", "9990001237", "Zed\tTester", "1"},
                       {"A5", "9990001238", "Tester", "1\t2"},
                       {"A6", "9990001239", "Tester\r\n", "\t1 "}});
  const auto* nul = finding(out.at(0), "ATP-M007");
  REQUIRE(nul != nullptr);
  CHECK(nul->field == "surname");
  CHECK(nul->severity == core::Severity::Error);
  CHECK(nul->message ==
        "surname holds a control character, NUL (U+0000), at byte 4; the value "
        "is not used");
  CHECK_FALSE(out.at(0).has(Field::Surname));
  CHECK(out.at(0).rejected());

  const auto* del = finding(out.at(1), "ATP-M007");
  REQUIRE(del != nullptr);
  CHECK(del->field == "nhs_number");
  CHECK(del->message.find("DEL (U+007F)") != std::string::npos);
  CHECK(del->message.find("999000") == std::string::npos);

  const auto* esc = finding(out.at(2), "ATP-M007");
  REQUIRE(esc != nullptr);
  CHECK(esc->message.find("U+001B") != std::string::npos);
  CHECK(esc->message.find("Tes") == std::string::npos);

  // Free text may hold a TAB; a coded item may not.
  CHECK(finding(out.at(3), "ATP-M007") == nullptr);
  CHECK(out.at(3).get(Field::Surname) == "Zed\tTester");
  const auto* tab = finding(out.at(4), "ATP-M007");
  REQUIRE(tab != nullptr);
  CHECK(tab->field == "ethnic_category");

  // Surrounding whitespace is trimmed before the check: it never reaches the return.
  CHECK(finding(out.at(5), "ATP-M007") == nullptr);
  CHECK(out.at(5).get(Field::Surname) == "Tester");
}

TEST_CASE("a C1 control character from a decoded extract is a finding", "[unit][mapping]") {
  auto out = map_rows({{"A1", "9990001234", "Te\xC2\x81ster", "1"}});
  const auto* c1 = finding(out.at(0), "ATP-M007");
  REQUIRE(c1 != nullptr);
  CHECK(c1->message.find("U+0081") != std::string::npos);
}

TEST_CASE("a value longer than max_field_length is a finding and is not read", "[unit][mapping]") {
  auto out = map_rows({{"A1", "9990001234", std::string(11, 'x'), "1"},
                       {"A2", "9990001235", std::string(10, 'x'), "1"}},
                      10);
  const auto* long_value = finding(out.at(0), "ATP-M008");
  REQUIRE(long_value != nullptr);
  CHECK(long_value->field == "surname");
  CHECK(long_value->message ==
        "surname is longer than the source's max_field_length (10 bytes); the value is not used");
  CHECK_FALSE(out.at(0).has(Field::Surname));
  CHECK(out.at(0).rejected());
  CHECK(finding(out.at(1), "ATP-M008") == nullptr);
  CHECK(out.at(1).get(Field::Surname) == std::string(10, 'x'));
}

TEST_CASE("control characters are found and named", "[unit][text]") {
  CHECK_FALSE(core::find_control_char("plain text, with punctuation: é", false));
  CHECK(core::find_control_char("a\tb", false)->offset == 1);
  CHECK_FALSE(core::find_control_char("a\tb", true));
  CHECK(core::find_control_char(std::string_view("ab\0", 3), true)->code == 0U);
  CHECK(core::describe_control_char(0) == "NUL (U+0000)");
  CHECK(core::describe_control_char(0x0A) == "line break (U+000A)");
  CHECK(core::describe_control_char(0x1F) == "U+001F");
}

TEST_CASE("a finding quotes a code but never a value that looks like a person's",
          "[unit][mapping]") {
  config::SourceSpec spec;
  spec.name = "codes";
  spec.mapping = {column(Field::LocalId, "id"), column(Field::S17ExtendedLeave, "s17")};
  static const std::map<std::string, config::CodeMap> maps;
  core::RawBatch batch;
  batch.file = "codes.csv";
  batch.header = {"id", "s17"};
  batch.rows.push_back({2, {"A1", "Maybe"}, ""});
  batch.rows.push_back({3, {"A2", "9990001234"}, ""});
  batch.rows.push_back({4, {"A3", "Zed Alexander Tester-Example"}, ""});
  auto out = transforms::Mapper(spec, maps).map(batch);
  REQUIRE(out);
  CHECK(finding(out->at(0), "ATP-M004")->message ==
        "s17_extended_leave: 'Maybe' is not yes, no or not known");
  CHECK(finding(out->at(1), "ATP-M004")->message ==
        "s17_extended_leave: a value of 10 characters is not yes, no or not known");
  CHECK(finding(out->at(2), "ATP-M004")->message ==
        "s17_extended_leave: a value of 28 characters is not yes, no or not known");
}
