#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include "connectors/mesh/mesh_check.hpp"
#include "connectors/mesh/mesh_sink.hpp"
#include "mesh_test_server.hpp"
#include "tests/support/run_binary.hpp"

namespace atpipe::connectors::mesh {
namespace {

using testing::MeshTestServer;

// A config with only what `mesh check` reads: the submission sink, secrets from the
// environment and a file.
std::filesystem::path write_config(const MeshTestServer& server) {
  const auto dir = server.dir();
  std::ofstream(dir / "secret") << "TestKey\n";
  const auto file = dir / "atpipe.yaml";
  std::ofstream(file) << "submission:\n"
                      << "  sink:\n"
                      << "    type: mesh\n"
                      << "    url: https://127.0.0.1:" << server.port() << "\n"
                      << "    mailbox: X26ABC2\n"
                      << "    password: \"${MESH_PW}\"\n"
                      << "    shared_secret: file:" << (dir / "secret").string() << "\n"
                      << "    to: X26ABC1\n"
                      << "    workflow_id: AT_RETURN\n"
                      << "    client_cert: " << testing::mesh_pki().client_cert().string() << "\n"
                      << "    client_key: " << testing::mesh_pki().client_key().string() << "\n"
                      << "    ca_bundle: " << testing::mesh_pki().ca().string() << "\n"
                      << "    timeout_seconds: 10\n";
  return file;
}

}  // namespace

TEST_CASE("mesh: atpipe mesh check reports handshake, inbox count and certificate expiry",
          "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission",
                std::make_shared<const MeshConfig>(server.config(MeshTestServer::kSender)),
                [](std::chrono::milliseconds) {});
  core::Artefact file;
  file.file_name = "AT.csv";
  file.content = "a;b\r\n";
  file.local_id = "check-1";
  REQUIRE(sink.send(file).has_value());

  const auto config = write_config(server);
  const auto ok =
      testing::run_atpipe({"mesh", "check", "--config", config.string()}, {"MESH_PW=receiver-pw"});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  INFO(ok.out);
  CHECK_THAT(ok.out, Catch::Contains("mailbox X26ABC2 at https://127.0.0.1:") &&
                         Catch::Contains("handshake: ok\ninbox: 1 message(s) waiting\n"));
  // The test client certificate is valid for 20 days: under 30, so flagged.
  CHECK(std::regex_search(ok.out, std::regex("client certificate: expires in (19|20) day\\(s\\) "
                                             "\\([A-Z][a-z]{2} .* GMT\\); renew it now\n")));

  const auto refused =
      testing::run_atpipe({"mesh", "check", "--config", config.string()}, {"MESH_PW=wrong"});
  CHECK(refused.exit_code == 5);
  CHECK_THAT(refused.err, Catch::Contains("HTTP 403 (Invalid Authentication Token)"));
  CHECK(refused.err.find("wrong") == std::string::npos);  // the password is never printed

  const auto unset = testing::run_atpipe({"mesh", "check", "--config", config.string()});
  CHECK(unset.exit_code == 3);
  CHECK_THAT(unset.err, Catch::Contains("atpipe.yaml:6:15: error: environment variable "
                                        "'MESH_PW' is not set"));
}

TEST_CASE("mesh: mesh check needs a submission sink block of type mesh", "[integration][mesh]") {
  testing::ServerDir dir("mesh-check");
  const auto file = dir.path() / "atpipe.yaml";
  std::ofstream(file) << "organisation:\n  name: x\n";
  const auto none = testing::run_atpipe({"mesh", "check", "--config", file.string()});
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.err, Catch::Contains("no 'submission: sink:' mapping in the config file"));

  std::ofstream(file, std::ios::trunc) << "submission:\n  sink:\n    type: folder\n"
                                       << "    path: /tmp\n";
  const auto other = testing::run_atpipe({"mesh", "check", "--config", file.string()});
  CHECK(other.exit_code == 3);
  CHECK_THAT(other.err, Catch::Contains("atpipe.yaml:3:11: error: 'type' in submission sink is "
                                        "not 'mesh'"));
}

TEST_CASE("mesh: certificate days left are counted from the certificate", "[integration][mesh]") {
  const auto now = std::chrono::system_clock::now();
  auto days = certificate_days_left(testing::mesh_pki().client_cert(), now);
  REQUIRE(days.has_value());
  CHECK((days->first == 19 || days->first == 20));
  auto later =
      certificate_days_left(testing::mesh_pki().client_cert(), now + std::chrono::hours(24 * 40));
  REQUIRE(later.has_value());
  CHECK(later->first < 0);
  auto not_pem = certificate_days_left(testing::mesh_pki().dir / "client.key", now);
  REQUIRE_FALSE(not_pem.has_value());
  CHECK(not_pem.error().code() == core::ErrorCode::Config);
}

}  // namespace atpipe::connectors::mesh
