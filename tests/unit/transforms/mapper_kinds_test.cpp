#include <catch2/catch.hpp>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/mapping/mapper.hpp"

// The mapper's newer field kinds (Flag, CodeSet, Decimal, CetrHistory) and the findings they
// raise: ATP-M004, ATP-M005, ATP-M006, and AT-R003 for a "no date" marker.

using namespace atpipe;
using core::Field;
using test::column;

namespace {

std::vector<core::Record> map_rows(std::vector<std::vector<std::string>> rows) {
  config::SourceSpec spec;
  spec.name = "kinds";
  spec.mapping = {column(Field::LocalId, "id"),
                  column(Field::S17ExtendedLeave, "s17"),
                  column(Field::AdmissionReason, "reasons", {}, "reasons"),
                  column(Field::DistanceFromHomeKm, "km"),
                  column(Field::CetrHistory, "ctrs", {"%d/%m/%Y"}),
                  column(Field::AdmissionDate, "admitted", {"%d/%m/%Y"})};
  static const std::map<std::string, config::CodeMap> maps = [] {
    std::map<std::string, config::CodeMap> m;
    m["reasons"].entries = {{"self", "HARM_TO_SELF"}, {"md", "MENTAL_DISORDER"}};
    return m;
  }();
  core::RawBatch batch;
  batch.file = "kinds.csv";
  batch.header = {"id", "s17", "reasons", "km", "ctrs", "admitted"};
  std::size_t row = 2;
  for (auto& values : rows) {
    batch.rows.push_back({row++, std::move(values), ""});
  }
  transforms::Mapper mapper(spec, maps);
  auto out = mapper.map(batch);
  REQUIRE(out);
  return std::move(*out);
}

std::vector<std::string> rules_of(const core::Record& r) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings) {
    ids.push_back(f.rule + ":" + f.field);
  }
  return ids;
}

}  // namespace

TEST_CASE("the mapper normalises flags, code sets, decimals and C(E)TR histories",
          "[unit][mapping]") {
  auto out = map_rows(
      {{"A1", "yes", "md;SELF", "12.46", "20/08/2026|ctr|1; 01/06/2025|CTR|4", "10/06/2025"}});
  const auto& r = out.at(0);
  CHECK(r.findings.empty());
  CHECK(r.get(Field::S17ExtendedLeave) == "Y");
  CHECK(r.get(Field::AdmissionReason) == "HARM_TO_SELF;MENTAL_DISORDER");
  CHECK(r.get(Field::DistanceFromHomeKm) == "12.5");
  CHECK(r.get(Field::CetrHistory) == "2025-06-01|CTR|4;2026-08-20|CTR|1");
}

TEST_CASE("each new kind reports a value it cannot read", "[unit][mapping]") {
  auto out = map_rows({
      {"A1", "perhaps", "", "", "", ""},
      {"A2", "", "", "-3", "", ""},
      {"A3", "", "", "far", "", ""},
      {"A4", "", "", "", "31/02/2026|CTR|1", ""},
      {"A5", "", "", "", "01/06/2025|CTR|1|extra", ""},
      {"A6", "", "md;hunger", "", "", ""},
      {"A7", "", "", "", "", "02/01/1900"},
  });
  CHECK(rules_of(out.at(0)) == std::vector<std::string>{"ATP-M004:s17_extended_leave"});
  CHECK_FALSE(out.at(0).has(Field::S17ExtendedLeave));
  CHECK(rules_of(out.at(1)) == std::vector<std::string>{"ATP-M005:distance_from_home_km"});
  CHECK(rules_of(out.at(2)) == std::vector<std::string>{"ATP-M005:distance_from_home_km"});
  CHECK(rules_of(out.at(3)) == std::vector<std::string>{"ATP-M006:cetr_history"});
  CHECK(rules_of(out.at(4)) == std::vector<std::string>{"ATP-M006:cetr_history"});
  // One unknown code in a set leaves the whole set empty rather than half filled.
  CHECK(rules_of(out.at(5)) == std::vector<std::string>{"ATP-M002:admission_reason"});
  CHECK_FALSE(out.at(5).has(Field::AdmissionReason));
  // The national "no date" sentinel is a warning and leaves the date missing.
  REQUIRE(rules_of(out.at(6)) == std::vector<std::string>{"AT-R003:admission_date"});
  CHECK(out.at(6).findings[0].severity == core::Severity::Warning);
  CHECK_FALSE(out.at(6).has(Field::AdmissionDate));
}
