#include <catch2/catch.hpp>

#include "core/ods_code.hpp"
#include "core/postcode.hpp"

using namespace atpipe::core;

TEST_CASE("postcodes are normalised to one space before the inward code", "[unit][core][pc]") {
  CHECK(normalise_postcode("nn1 5bd").normalised == "NN1 5BD");
  CHECK(normalise_postcode("NN15BD").normalised == "NN1 5BD");
  CHECK(normalise_postcode("  sw1a  1aa ").normalised == "SW1A 1AA");
  CHECK(normalise_postcode("M1 1AE").normalised == "M1 1AE");
  CHECK(normalise_postcode("W1A 0AX").status == PostcodeStatus::Valid);
  CHECK(normalise_postcode("EC1A 1BB").status == PostcodeStatus::Valid);
}

TEST_CASE("postcodes outside the GOV.UK pattern are invalid", "[unit][core][pc]") {
  CHECK(normalise_postcode("NN1 BD5").status == PostcodeStatus::Invalid);
  CHECK(normalise_postcode("QI1 5BD").status == PostcodeStatus::Invalid);  // I never second
  CHECK(normalise_postcode("12345").status == PostcodeStatus::Invalid);
  CHECK(normalise_postcode("NN1").status == PostcodeStatus::Invalid);
  CHECK(normalise_postcode("").status == PostcodeStatus::Missing);
}

TEST_CASE("ZZ99 pseudo-postcodes are recognised", "[unit][core][pc]") {
  CHECK(normalise_postcode("zz99 3vz").status == PostcodeStatus::Pseudo);
  CHECK(normalise_postcode("ZZ993WZ").normalised == "ZZ99 3WZ");
}

TEST_CASE("district, sector and area", "[unit][core][pc]") {
  auto pc = normalise_postcode("NN10 6AB");
  CHECK(pc.district() == "NN10");
  CHECK(pc.sector() == "NN10 6");
  CHECK(pc.area() == "NN");
}

TEST_CASE("ODS code shapes (at-spec 5.2)", "[unit][core][ods]") {
  CHECK(normalise_ods(" rp1 ") == "RP1");
  CHECK(ods_shape_ok("QPM", OdsKind::Commissioner));
  CHECK(ods_shape_ok("D4U1Y", OdsKind::Commissioner));
  CHECK_FALSE(ods_shape_ok("QP", OdsKind::Commissioner));
  CHECK(ods_shape_ok("RP1", OdsKind::Provider));
  CHECK(ods_shape_ok("NV7", OdsKind::Provider));
  CHECK_FALSE(ods_shape_ok("QP1", OdsKind::Provider));
  CHECK(ods_shape_ok("RP101", OdsKind::ProviderSite));
  CHECK_FALSE(ods_shape_ok("RP10", OdsKind::ProviderSite));
  CHECK_FALSE(ods_shape_ok("rp101", OdsKind::ProviderSite));
}
