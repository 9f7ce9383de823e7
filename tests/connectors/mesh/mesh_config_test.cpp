#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/sink_registry.hpp"
#include "connectors/mesh/mesh_config.hpp"
#include "connectors/mesh/mesh_errors.hpp"
#include "connectors/mesh/mesh_gzip.hpp"
#include "core/sink.hpp"

namespace atpipe::connectors::mesh {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";

const config::SinkFactory& factory() {
  static const auto registry = config::SinkRegistry::build();
  REQUIRE(registry.has_value());
  const auto* found = registry->find("mesh");
  REQUIRE(found != nullptr);
  return *found;
}

struct Parsed {
  std::shared_ptr<const MeshConfig> config;
  std::vector<std::string> errors;
};

Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  config::NodeReader reader(YAML::Load(yaml), factory().keys(), "submission sink", diag,
                            kConfigFile);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const MeshConfig>(factory().parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

const std::string kGood =
    "url: https://msg.intspineservices.nhs.uk/\n"
    "mailbox: x26abc1\n"
    "password: \"${ATPIPE_TEST_MESH_PW}\"\n"
    "shared_secret: \"${ATPIPE_TEST_MESH_KEY}\"\n"
    "to: X26ABC2\n"
    "workflow_id: AT_RETURN\n"
    "client_cert: certs/client.pem\n"
    "client_key: certs/client.key\n";

}  // namespace

TEST_CASE("mesh: the sink type is registered", "[unit][mesh]") {
  CHECK(factory().type() == "mesh");
}

TEST_CASE("mesh: a full config reads secrets from the environment and files", "[unit][mesh]") {
  ::setenv("ATPIPE_TEST_MESH_PW", "secret-pw", 1);
  ::setenv("ATPIPE_TEST_MESH_KEY", "secret-key", 1);
  const auto parsed = parse_yaml(kGood);
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  const MeshConfig& c = *parsed.config;
  CHECK(c.url == "https://msg.intspineservices.nhs.uk");
  CHECK(c.mailbox == "X26ABC1");
  CHECK(c.password == "secret-pw");
  CHECK(c.shared_secret == "secret-key");
  CHECK(c.client_cert == "/etc/atpipe/certs/client.pem");
  CHECK(c.chunk_size == 75u * 1024 * 1024);
  CHECK(c.compress);
  CHECK(c.timeout == std::chrono::seconds(600));

  const auto dir = std::filesystem::temp_directory_path() / "atpipe_mesh_config_test";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "pw") << "from-file\n";
  std::string yaml = kGood;
  yaml.replace(yaml.find("\"${ATPIPE_TEST_MESH_PW}\""), 24, "file:" + (dir / "pw").string());
  const auto from_file = parse_yaml(yaml);
  REQUIRE(from_file.config != nullptr);
  CHECK(from_file.config->password == "from-file");
  std::filesystem::remove_all(dir);
}

TEST_CASE("mesh: bad values are reported at their line and column", "[unit][mesh]") {
  ::setenv("ATPIPE_TEST_MESH_PW", "secret-pw", 1);
  ::setenv("ATPIPE_TEST_MESH_KEY", "secret-key", 1);
  auto parsed = parse_yaml(kGood + "chunk_size: 10\n");
  CHECK(parsed.config == nullptr);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0] ==
        "/etc/atpipe/atpipe.yaml:9:13: error: 'chunk_size' in submission sink must be 1024 to "
        "100000000, got 10");

  std::string yaml = kGood;
  yaml.replace(0, yaml.find('\n'), "url: http://msg.example");
  parsed = parse_yaml(yaml);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0] ==
        "/etc/atpipe/atpipe.yaml:1:6: error: 'url' in submission sink must be an https:// URL "
        "such as 'https://msg.intspineservices.nhs.uk'");

  yaml = kGood;
  yaml.replace(yaml.find("to: X26ABC2"), 11, "to: X26 ABC2");
  parsed = parse_yaml(yaml);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0] ==
        "/etc/atpipe/atpipe.yaml:5:5: error: 'to' in submission sink must be a MESH mailbox id "
        "such as 'X26ABC1' (letters and digits)");

  ::unsetenv("ATPIPE_TEST_MESH_KEY");
  parsed = parse_yaml(kGood);
  CHECK(parsed.config == nullptr);
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0] ==
        "/etc/atpipe/atpipe.yaml:4:16: error: environment variable 'ATPIPE_TEST_MESH_KEY' is "
        "not set");
}

TEST_CASE("mesh: refusals map to error codes that say whether a retry may help", "[unit][mesh]") {
  MeshConfig config;
  config.mailbox = "X26ABC1";
  config.to = "X26ABC9";
  MeshRequest request;
  request.url = "https://mesh.example/messageexchange/X26ABC1/outbox";
  request.what = "send";
  const auto error_for = [&](long status, std::string body) {
    MeshResponse response;
    response.status = status;
    response.body = std::move(body);
    return mesh_status_error("submission", config, request, response);
  };
  const auto forbidden = error_for(403, R"({"errorDescription":"Invalid Authentication Token"})");
  CHECK(forbidden.code() == core::ErrorCode::Auth);
  CHECK_FALSE(core::retry_may_help(forbidden));
  CHECK(forbidden.message() ==
        "send failed: HTTP 403 (Invalid Authentication Token); MESH refused mailbox 'X26ABC1': "
        "check 'mailbox', 'password', 'shared_secret' and the client certificate");

  const auto unknown = error_for(
      417, R"({"detail":[{"event":"SEND","code":"12","msg":"Unregistered to address"}]})");
  CHECK(unknown.code() == core::ErrorCode::Config);
  CHECK_FALSE(core::retry_may_help(unknown));
  CHECK(unknown.message() ==
        "send failed: HTTP 417 (code 12, Unregistered to address); the recipient mailbox "
        "'X26ABC9' is not registered: check 'to'");

  CHECK(error_for(417, R"({"detail":[{"code":"02"}]})").code() == core::ErrorCode::Validation);
  CHECK(core::retry_may_help(error_for(503, "")));
  CHECK(core::retry_may_help(error_for(429, "")));
  CHECK(error_for(404, "").code() == core::ErrorCode::NotFound);
}

TEST_CASE("mesh: gzip round trip and refusal of bad input", "[unit][mesh]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += "row " + std::to_string(i) + ";X26;2026-10\r\n";
  }
  const auto packed = gzip_compress(text);
  CHECK(packed.size() < text.size() / 4);
  CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(packed[1]) == 0x8b);
  CHECK(gzip_decompress(packed, text.size()) == text);
  CHECK_FALSE(gzip_decompress(packed, text.size() - 1).has_value());
  CHECK_FALSE(gzip_decompress("not gzip", 100).has_value());
}

}  // namespace atpipe::connectors::mesh
