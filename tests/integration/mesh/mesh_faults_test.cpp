#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "connectors/mesh/mesh_auth.hpp"
#include "connectors/mesh/mesh_client.hpp"
#include "connectors/mesh/mesh_http.hpp"
#include "connectors/mesh/mesh_sink.hpp"
#include "mesh_test_server.hpp"

namespace atpipe::connectors::mesh {
namespace {

using testing::MeshTestServer;

MeshConfigPtr shared(MeshConfig config) {
  return std::make_shared<const MeshConfig>(std::move(config));
}

void no_wait(std::chrono::milliseconds /*wait*/) {}

core::Artefact artefact() {
  core::Artefact out;
  out.file_name = "AT_2026-10_X26.csv";
  out.content = "NHSNumber;Period\r\n9990000018;2026-10\r\n";
  out.local_id = "2026-10-X26-faults";
  out.subject = "AT return 2026-10";
  return out;
}

// Every request the server logged, in order: "POST /messageexchange/X26ABC1/outbox 202".
std::vector<std::string> outcomes(const MeshTestServer& server) {
  const auto lines = server.requests();
  std::string text;
  for (const auto& line : lines) {
    text += line + "\n";
  }
  UNSCOPED_INFO("server log:\n" << text);
  return lines;
}

bool starts(const std::string& line, const std::string& prefix) {
  return line.rfind(prefix, 0) == 0;
}

const std::string kOutbox = "POST /messageexchange/X26ABC1/outbox ";
const std::string kTrackLocal = "GET /messageexchange/X26ABC1/outbox/tracking/2026-10-X26-faults ";

}  // namespace

TEST_CASE("mesh: a wrong password or shared secret is refused with 403 Auth",
          "[integration][mesh]") {
  MeshTestServer server;
  auto config = server.config();
  config.password = "wrong";
  MeshSink sink("submission", shared(config), no_wait);
  auto refused = sink.send(artefact());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Auth);
  CHECK_FALSE(core::retry_may_help(refused.error()));
  CHECK_THAT(refused.error().message(),
             Catch::StartsWith("tracking by local id failed: HTTP 403 (Invalid Authentication "
                               "Token); MESH refused mailbox 'X26ABC1'"));
  CHECK(server.requests().size() == 1);  // a 403 is not retried

  config = server.config();
  config.shared_secret = "OtherKey";
  auto wrong_key = MeshClient("check", shared(config), no_wait).handshake();
  REQUIRE_FALSE(wrong_key.has_value());
  CHECK(wrong_key.error().code() == core::ErrorCode::Auth);
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 0);
}

TEST_CASE("mesh: the server checks the token's mailbox, freshness and single use",
          "[integration][mesh]") {
  MeshTestServer server;
  const auto config = shared(server.config());
  MeshHttp http("raw", config);
  const auto call = [&](const std::string& header) {
    MeshRequest request;
    request.method = "POST";
    request.url = config->url + "/messageexchange/X26ABC1";
    request.what = "handshake";
    request.headers = {{"Accept", "application/vnd.mesh.v2+json"},
                       {"mex-ClientVersion", "test"},
                       {"mex-OSName", "Linux"},
                       {"mex-OSVersion", "6"},
                       {"Authorization", header}};
    auto response = http.exchange(request);
    REQUIRE(response.has_value());
    return *response;
  };
  MeshTokenParts parts{"X26ABC2", "receiver-pw",
                       "TestKey", random_uuid(),
                       0,         mesh_timestamp(std::chrono::system_clock::now())};
  auto mismatch = call(mesh_authorization(parts));
  CHECK(mismatch.status == 403);
  CHECK_THAT(mismatch.body, Catch::Contains("Mailbox id does not match token"));

  parts = {"X26ABC1", "sender-pw", "TestKey", random_uuid(), 0, "201511201038"};
  CHECK(call(mesh_authorization(parts)).status == 403);  // too old

  parts.timestamp = mesh_timestamp(std::chrono::system_clock::now());
  const std::string good = mesh_authorization(parts);
  CHECK(call(good).status == 200);
  CHECK(call(good).status == 403);  // a token is single-use
  CHECK(call("Basic abc").status == 403);
}

TEST_CASE("mesh: an unknown recipient is refused with 417, a config error", "[integration][mesh]") {
  MeshTestServer server;
  auto config = server.config();
  config.to = "X26NOBODY";
  MeshSink sink("submission", shared(config), no_wait);
  auto refused = sink.send(artefact());
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Config);
  CHECK_FALSE(core::retry_may_help(refused.error()));
  CHECK(refused.error().message() ==
        "send failed: HTTP 417 (code 12, Unregistered to address); the recipient mailbox "
        "'X26NOBODY' is not registered: check 'to'");
  const auto log = server.requests();
  CHECK(std::count(log.begin(), log.end(), kOutbox + "417") == 1);
}

TEST_CASE("mesh: a 5xx on the first POST is checked with tracking, then sent once",
          "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission", shared(server.config()), no_wait);
  server.plan({"status:500 " + kOutbox.substr(0, kOutbox.size() - 1)});
  auto receipt = sink.send(artefact());
  const auto log = outcomes(server);
  INFO((receipt ? "" : receipt.error().describe()));
  REQUIRE(receipt.has_value());
  REQUIRE(log.size() == 4);
  CHECK(starts(log[0], kTrackLocal + "404"));
  CHECK(starts(log[1], kOutbox + "500"));
  CHECK(starts(log[2], kTrackLocal + "404"));
  CHECK(starts(log[3], kOutbox + "202"));
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);
}

TEST_CASE("mesh: a first POST cut after the server stored it is found, not sent again",
          "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission", shared(server.config()), no_wait);
  server.plan({"cut-after " + kOutbox.substr(0, kOutbox.size() - 1)});
  auto receipt = sink.send(artefact());
  const auto log = outcomes(server);
  INFO((receipt ? "" : receipt.error().describe()));
  REQUIRE(receipt.has_value());
  REQUIRE(log.size() == 3);
  CHECK(starts(log[0], kTrackLocal + "404"));
  CHECK(starts(log[1], kOutbox + "202 cut-after"));
  CHECK(starts(log[2], kTrackLocal + "200"));  // asked, not re-sent
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);
}

TEST_CASE("mesh: a connection cut mid-upload is a network error, and a retry sends one copy",
          "[integration][mesh]") {
  MeshTestServer server;
  auto config = server.config();
  config.retries = 0;
  MeshSink sink("submission", shared(config), no_wait);
  server.plan({"cut-before " + kOutbox.substr(0, kOutbox.size() - 1)});
  auto cut = sink.send(artefact());
  REQUIRE_FALSE(cut.has_value());
  CHECK(cut.error().code() == core::ErrorCode::Network);
  CHECK(core::retry_may_help(cut.error()));
  CHECK_THAT(cut.error().message(), Catch::StartsWith("send failed: "));
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 0);
  // The lookup after the cut found nothing, and with no retries left nothing was re-sent.
  const auto log = outcomes(server);
  REQUIRE(log.size() == 3);
  CHECK(starts(log[1], kOutbox.substr(0, kOutbox.size() - 1) + " cut-before"));
  CHECK(starts(log[2], kTrackLocal + "404"));

  auto retried = sink.send(artefact());
  REQUIRE(retried.has_value());
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);
}

TEST_CASE("mesh: 5xx on safe requests is retried within the limit", "[integration][mesh]") {
  MeshTestServer server;
  MeshClient client("check", shared(server.config()), no_wait);
  server.plan({"status:503 /inbox", "status:502 /inbox"});
  auto ids = client.inbox();
  REQUIRE(ids.has_value());
  CHECK(ids->empty());

  server.plan({"status:503 /inbox", "status:503 /inbox", "status:503 /inbox"});
  auto failed = client.inbox();
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code() == core::ErrorCode::Network);
  CHECK_THAT(failed.error().message(), Catch::StartsWith("inbox page 1 failed: HTTP 503"));
}

TEST_CASE("mesh: an artefact without a local id is never sent", "[integration][mesh]") {
  MeshTestServer server;
  MeshSink sink("submission", shared(server.config()), no_wait);
  auto file = artefact();
  file.local_id.clear();
  auto refused = sink.send(file);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Internal);
  CHECK(server.requests().empty());
}

}  // namespace atpipe::connectors::mesh
