#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <string>

#include "connectors/mesh/mesh_auth.hpp"

namespace atpipe::connectors::mesh {
namespace {

// shared/mesh.md 1.2, cross-checked there with `openssl dgst -sha256 -hmac`.
MeshTokenParts vector_one() {
  return {"X26ABC1", "password",    "TestKey", "2c001608-5f09-4840-9611-bea43e666a30",
          0,         "202601011200"};
}

}  // namespace

TEST_CASE("mesh: the Authorization header matches the fixed vectors", "[unit][mesh]") {
  CHECK(mesh_authorization(vector_one()) ==
        "NHSMESH X26ABC1:2c001608-5f09-4840-9611-bea43e666a30:0:202601011200:"
        "4943f0ef5e08ecdd86986d71a0f18a07442d983b7a96079b74c6cbbc75361431");

  const MeshTokenParts two{
      "X26ABC2", "password", "TestKey", "2c001608-5f09-4840-9611-bea43e666a30", 1, "201511201038"};
  CHECK(mesh_authorization(two) ==
        "NHSMESH X26ABC2:2c001608-5f09-4840-9611-bea43e666a30:1:201511201038:"
        "0f08c8bead2719bcd7938389dad85a054eaf2282f5bd8ae2e9dba82cb00d23b5");
}

TEST_CASE("mesh: every part of the token changes the hash", "[unit][mesh]") {
  const std::string base = mesh_authorization(vector_one());
  auto changed = vector_one();
  changed.password = "Password";
  CHECK(mesh_authorization(changed) != base);
  changed = vector_one();
  changed.shared_secret = "OtherKey";
  CHECK(mesh_authorization(changed) != base);
  changed = vector_one();
  changed.nonce_count = 1;
  CHECK(mesh_authorization(changed).substr(0, 60) != base.substr(0, 60));
}

TEST_CASE("mesh: the HMAC is RFC 4231 HMAC-SHA256", "[unit][mesh]") {
  // RFC 4231 test case 2.
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("mesh: tokens use one nonce and count up; timestamps are UTC minutes", "[unit][mesh]") {
  // 2026-01-01T12:00:30Z
  const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1767268830));
  CHECK(mesh_timestamp(when) == "202601011200");

  MeshTokens tokens("X26ABC1", "password", "TestKey");
  const std::string first = tokens.next(when);
  const std::string second = tokens.next(when);
  const std::regex shape(
      "NHSMESH X26ABC1:([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}):"
      "([0-9]+):202601011200:[0-9a-f]{64}");
  std::smatch one;
  std::smatch two;
  REQUIRE(std::regex_match(first, one, shape));
  REQUIRE(std::regex_match(second, two, shape));
  CHECK(one[1] == two[1]);
  CHECK(one[2] == "0");
  CHECK(two[2] == "1");
  CHECK(random_uuid() != random_uuid());
}

}  // namespace atpipe::connectors::mesh
