#include <catch2/catch.hpp>

#include "config_fixture.hpp"

using namespace atpipe;
using config::test::Loaded;

namespace {

const std::string kBase = R"(version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  nhft:
    type: csv
    path: a.csv
    mapping: { local_id: id, nhs_number: nhs }
  register:
    type: csv
    path: b.csv
    mapping: { local_id: id, nhs_number: nhs }
  census:
    type: csv
    role: census
    path: c.csv
    mapping: { local_id: id, nhs_number: nhs }
outputs: { directory: out }
)";

}  // namespace

TEST_CASE("merge precedence is read per field", "[unit][config]") {
  Loaded l(kBase +
           "merge:\n  precedence:\n    last_cetr_date: [register, nhft]\n"
           "    dsr_before_admission: [register]\n");
  REQUIRE(l.errors().empty());
  const auto& p = l.result.config->merge.field_precedence;
  REQUIRE(p.size() == 2);
  CHECK(p.at(core::Field::LastCetrDate) == std::vector<std::string>{"register", "nhft"});
  CHECK(p.at(core::Field::DsrBeforeAdmission) == std::vector<std::string>{"register"});
}

TEST_CASE("merge precedence errors name the line and column", "[unit][config]") {
  Loaded l(kBase +
           "merge:\n  precedence:\n    last_ctr_date: [register]\n"
           "    ward_security: [nhft, census, ghost, nhft]\n"
           "    bed_type: register\n"
           "  order: []\n");
  const std::string hint = "('atpipe fields' lists the 64 canonical fields)";
  CHECK(l.errors() ==
        std::vector<std::string>{
            l.at(21, 5,
                 "unknown field 'last_ctr_date' in merge precedence, did you mean "
                 "'last_cetr_date'? " +
                     hint),
            l.at(22, 27,
                 "merge precedence of 'ward_security' names 'census', a census source; only AT "
                 "sources are merged"),
            l.at(22, 35,
                 "merge precedence of 'ward_security' names 'ghost', which is not a source (AT "
                 "sources: nhft, register)"),
            l.at(22, 42, "source 'nhft' is given twice in merge precedence of 'ward_security'"),
            l.at(23, 15,
                 "merge precedence of 'bed_type' must be a list of source names, got "
                 "'register'"),
            l.at(24, 3, "unknown key 'order' in merge (allowed: precedence)"),
        });
}
