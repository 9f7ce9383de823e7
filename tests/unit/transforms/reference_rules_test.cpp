#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "tests/unit/transforms/transform_test_support.hpp"
#include "transforms/validate/rules.hpp"

using namespace atpipe;
using core::Field;
using core::Record;
using test::d;

namespace {

using Found = std::vector<std::pair<std::string, std::string>>;  // (rule, field)

core::ReferenceData reference() {
  core::ReferenceData ref;
  ref.sites["RP101"] = {"RP1", "NN1 5BD", "Berrywood"};
  ref.sites["NV701"] = {"NV7", "", "No postcode in the MPSL"};
  ref.providers = {"RP1", "NV7"};
  ref.commissioners["QPM"] = {{d(2022, 7, 1), std::nullopt}};
  ref.commissioners["78H"] = {{d(2022, 7, 1), std::nullopt}};
  ref.commissioners["04G"] = {{d(2013, 4, 1), d(2020, 4, 1)}};
  ref.commissioners["QNEW"] = {{d(2026, 11, 1), std::nullopt}};
  return ref;
}

// A merged record every reference rule is satisfied by, to be broken one field at a time.
Record good() {
  Record r;
  r.set(Field::CommissionerCode, "QPM");
  r.set(Field::OriginatingCommissionerCode, "78H");
  r.set(Field::ProviderCode, "RP1");
  r.set(Field::ProviderSiteCode, "RP101");
  r.set(Field::PostcodeHome, "NN5 6UD");
  r.set(Field::DistanceFromHomeKm, "4.2");
  return r;
}

Found check(Record r, const core::ReferenceData* ref) {
  const transforms::RuleContext ctx{d(2026, 11, 23), d(2026, 10, 31), config::SourceRole::At,
                                    nullptr, ref};
  transforms::check_reference(r, ctx);
  Found out;
  for (const auto& f : r.findings) {
    out.emplace_back(f.rule, f.field);
  }
  return out;
}

template <class F>
Record with(F change) {
  Record r = good();
  change(r);
  return r;
}

}  // namespace

TEST_CASE("a record that matches the reference data has no findings", "[unit][transforms]") {
  const auto ref = reference();
  CHECK(check(good(), &ref).empty());
  CHECK(check(good(), nullptr).empty());
}

TEST_CASE("AT-R051: commissioners must be live at the cut", "[unit][transforms]") {
  const auto ref = reference();
  // Closed before the cut, and opened only after it.
  CHECK(check(with([](Record& r) { r.set(Field::OriginatingCommissionerCode, "04G"); }), &ref) ==
        Found{{"AT-R051", "originating_commissioner_code"}});
  CHECK(check(with([](Record& r) { r.set(Field::CommissionerCode, "QNEW"); }), &ref) ==
        Found{{"AT-R051", "commissioner_code"}});
  CHECK(check(with([](Record& r) { r.set(Field::CommissionerCode, "QXX"); }), nullptr).empty());
  // Stage 1 already said the commissioner's shape is wrong: not reported twice.
  auto shaped = with([](Record& r) {
    r.set(Field::CommissionerCode, "Q!");
    r.set(Field::OriginatingCommissionerCode, "04G");
    r.findings.push_back({"AT-R051", core::Severity::Error, "", "shape", {}});
  });
  CHECK(check(shaped, &ref) ==
        Found{{"AT-R051", ""}, {"AT-R051", "originating_commissioner_code"}});
}

TEST_CASE("AT-R052: the provider must be in the MPSL", "[unit][transforms]") {
  const auto ref = reference();
  CHECK(check(with([](Record& r) { r.set(Field::ProviderCode, "RP9"); }), &ref) ==
        Found{{"AT-R052", "provider_code"}});
  CHECK(check(with([](Record& r) { r.set(Field::ProviderCode, "RP9"); }), nullptr).empty());
  // Commissioners alone are no MPSL.
  auto commissioners_only = reference();
  commissioners_only.sites.clear();
  commissioners_only.providers.clear();
  CHECK(check(with([](Record& r) { r.set(Field::ProviderCode, "RP9"); }), &commissioners_only)
            .empty());
}

TEST_CASE("AT-R053: the site must be in the MPSL", "[unit][transforms]") {
  const auto ref = reference();
  CHECK(check(with([](Record& r) { r.set(Field::ProviderSiteCode, "RP109"); }), &ref) ==
        Found{{"AT-R053", "provider_site_code"}});
  CHECK(check(with([](Record& r) { r.set(Field::ProviderSiteCode, "RP109"); }), nullptr).empty());
  CHECK(check(with([](Record& r) {
                r.set(Field::ProviderCode, "NV7");
                r.set(Field::ProviderSiteCode, "NV701");
              }),
              &ref)
            .empty());
}

TEST_CASE("AT-R032: home postcode must not be the site's", "[unit][transforms]") {
  const auto ref = reference();
  CHECK(check(with([](Record& r) { r.set(Field::PostcodeHome, "NN1 5BD"); }), &ref) ==
        Found{{"AT-R032", "postcode_home"}});
  CHECK(check(with([](Record& r) { r.set(Field::PostcodeHome, "nn15bd"); }), &ref) ==
        Found{{"AT-R032", "postcode_home"}});
  CHECK(check(with([](Record& r) { r.set(Field::PostcodeHome, "NN1 5BD"); }), nullptr).empty());
  // A site without a postcode in the MPSL cannot match.
  CHECK(check(with([](Record& r) {
                r.set(Field::ProviderCode, "NV7");
                r.set(Field::ProviderSiteCode, "NV701");
                r.set(Field::PostcodeHome, "NN1 5BD");
              }),
              &ref)
            .empty());
}

TEST_CASE("AT-R150: distance from home over 300 km is a warning", "[unit][transforms]") {
  const auto ref = reference();
  // Needs no reference data.
  Record far = with([](Record& r) { r.set(Field::DistanceFromHomeKm, "300.1"); });
  CHECK(check(far, nullptr) == Found{{"AT-R150", "distance_from_home_km"}});
  CHECK(check(far, &ref) == Found{{"AT-R150", "distance_from_home_km"}});
  CHECK(check(with([](Record& r) { r.set(Field::DistanceFromHomeKm, "300.0"); }), nullptr).empty());
  CHECK(check(with([](Record& r) { r.set(Field::DistanceFromHomeKm, ""); }), nullptr).empty());

  Record r = far;
  transforms::check_reference(r, {d(2026, 11, 23), d(2026, 10, 31)});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].severity == core::Severity::Warning);
  CHECK_FALSE(r.rejected());
}
