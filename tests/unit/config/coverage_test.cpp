#include <catch2/catch.hpp>

#include "config/coverage.hpp"
#include "config_fixture.hpp"

using namespace atpipe;
using config::test::Loaded;
using core::Field;

TEST_CASE("check-config names the required items no AT source maps", "[unit][config]") {
  // One AT source with a handful of items; the census maps more, which does not count.
  Loaded l(R"(version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  nhft:
    type: csv
    path: a.csv
    mapping:
      local_id: id
      nhs_number: nhs
      date_of_birth: { column: dob, format: "%Y-%m-%d" }
      care_plan_status: cp
      bed_type: bed
  census:
    type: csv
    role: census
    path: c.csv
    mapping: { local_id: id, nhs_number: nhs, postcode_home: pc, ethnic_category: eth }
outputs: { directory: out }
)");
  REQUIRE(l.errors().empty());
  auto unmapped = config::unmapped_required_fields(*l.result.config);
  auto has = [&](Field f) {
    return std::find(unmapped.begin(), unmapped.end(), f) != unmapped.end();
  };
  CHECK(has(Field::PostcodeHome));  // only the census maps it
  CHECK(has(Field::EthnicCategory));
  CHECK(has(Field::GenderIdentity));  // a v4 item
  CHECK(has(Field::AdvocacyType));
  CHECK(has(Field::LastUpdated));
  CHECK_FALSE(has(Field::LocalId));
  CHECK_FALSE(has(Field::DateOfBirth));
  CHECK_FALSE(has(Field::BedType));
  CHECK_FALSE(has(Field::SpecVersion));       // atpipe sets the version in force
  CHECK_FALSE(has(Field::DelayedDischarge));  // derived from care_plan_status
  CHECK_FALSE(has(Field::Surname));           // optional
  CHECK_FALSE(has(Field::DischargeDate));     // conditional
}
