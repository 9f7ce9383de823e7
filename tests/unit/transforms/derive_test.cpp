#include <catch2/catch.hpp>

#include <string>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/derive/derive.hpp"

using namespace atpipe;
using core::Field;
using core::Record;
using test::d;

namespace {

// Made-up centroids: the site at 52N 1W; HOME_N one degree of latitude north of it; HOME_E
// one degree of longitude east, on the same parallel.
core::ReferenceData reference() {
  core::ReferenceData ref;
  ref.sites["RP101"] = {"RP1", "NN1 5BD", "Berrywood"};
  ref.sites["RP102"] = {"RP1", "NN2 6LR", "Site without a centroid"};
  ref.providers = {"RP1"};
  ref.centroids["NN1 5BD"] = {52.0, -1.0};
  ref.centroids["NN5 6UD"] = {53.0, -1.0};
  ref.centroids["NN3 3AA"] = {52.0, 0.0};
  return ref;
}

Record patient(const std::string& home, const std::string& site = "RP101") {
  Record r;
  r.set(Field::PostcodeHome, home);
  r.set(Field::ProviderSiteCode, site);
  return r;
}

Record derived(Record r, const core::ReferenceData* ref) {
  transforms::derive(r, {d(2026, 11, 23), d(2026, 10, 31), config::SourceRole::At, nullptr, ref});
  return r;
}

}  // namespace

TEST_CASE("distance from home is the great-circle distance between centroids",
          "[unit][transforms]") {
  const auto ref = reference();
  // One degree of latitude is 6371.0 * pi / 180 = 111.19 km.
  CHECK(derived(patient("NN5 6UD"), &ref).get(Field::DistanceFromHomeKm) == "111.2");
  // One degree of longitude at 52N is about 111.19 * cos(52 deg) = 111.19 * 0.6157 = 68.46 km.
  CHECK(std::stod(std::string(derived(patient("nn33aa"), &ref).get(Field::DistanceFromHomeKm))) ==
        Approx(68.46).margin(0.1));
  CHECK(transforms::great_circle_km({52.0, -1.0}, {53.0, -1.0}) == Approx(111.19).margin(0.1));
  CHECK(transforms::great_circle_km({52.0, -1.0}, {52.0, -1.0}) == 0.0);
}

TEST_CASE("no distance without both centroids or for a pseudo-postcode", "[unit][transforms]") {
  const auto ref = reference();
  CHECK_FALSE(derived(patient("NN9 9ZZ"), &ref).has(Field::DistanceFromHomeKm));  // no centroid
  CHECK_FALSE(derived(patient("NN5 6UD", "RP102"), &ref).has(Field::DistanceFromHomeKm));
  CHECK_FALSE(derived(patient("NN5 6UD", "RP999"), &ref).has(Field::DistanceFromHomeKm));
  CHECK_FALSE(derived(patient("ZZ99 3VZ"), &ref).has(Field::DistanceFromHomeKm));
  CHECK_FALSE(derived(patient(""), &ref).has(Field::DistanceFromHomeKm));
  CHECK_FALSE(derived(patient("NN5 6UD"), nullptr).has(Field::DistanceFromHomeKm));
  // Even a ZZ99 postcode that (wrongly) has a centroid is not measured from.
  auto odd = reference();
  odd.centroids["ZZ99 3VZ"] = {53.0, -1.0};
  CHECK_FALSE(derived(patient("ZZ99 3VZ"), &odd).has(Field::DistanceFromHomeKm));
}

TEST_CASE("delayed discharge is derived from care plan status 6 or 7", "[unit][transforms]") {
  auto flag = [](const std::string& status) {
    Record r;
    r.set(Field::CarePlanStatus, status);
    return std::string(derived(r, nullptr).get(Field::DelayedDischarge));
  };
  CHECK(flag("6") == "Y");
  CHECK(flag("7") == "Y");
  CHECK(flag("3") == "N");
  CHECK(flag("").empty());  // nothing to derive from: AT-R132 reports it

  // The group comes from the config's code lists.
  core::CodeLists lists;
  lists.add("care_plan_delayed", "4", {"3"});
  Record r;
  r.set(Field::CarePlanStatus, "3");
  transforms::derive(r, {d(2026, 11, 23), d(2026, 10, 31), config::SourceRole::At, &lists});
  CHECK(r.get(Field::DelayedDischarge) == "Y");
  // A list missing for the record's version leaves the flag empty.
  Record v3;
  v3.set(Field::SpecVersion, "3");
  v3.set(Field::CarePlanStatus, "6");
  transforms::derive(v3, {d(2026, 11, 23), d(2026, 10, 31), config::SourceRole::At, &lists});
  CHECK_FALSE(v3.has(Field::DelayedDischarge));
}

TEST_CASE("derive never overwrites a source value", "[unit][transforms]") {
  const auto ref = reference();
  Record r = patient("NN5 6UD");
  r.set(Field::DistanceFromHomeKm, "12.0");
  r.set(Field::CarePlanStatus, "6");
  r.set(Field::DelayedDischarge, "N");
  r = derived(r, &ref);
  CHECK(r.get(Field::DistanceFromHomeKm) == "12.0");
  CHECK(r.get(Field::DelayedDischarge) == "N");
}
