#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "connectors/mesh/mesh_auth.hpp"
#include "connectors/mesh/mesh_gzip.hpp"
#include "connectors/mesh/mesh_http.hpp"
#include "mesh_test_server.hpp"

namespace atpipe::connectors::mesh {
namespace {

using testing::MeshTestServer;
using Headers = std::vector<std::pair<std::string, std::string>>;

// Raw, signed requests, to hold the test server to the refusals shared/mesh.md lists.
class RawMesh {
 public:
  explicit RawMesh(const MeshTestServer& server)
      : config_(std::make_shared<const MeshConfig>(server.config())),
        http_("raw", config_),
        tokens_(config_->mailbox, config_->password, config_->shared_secret) {}

  MeshResponse post(const std::string& path, Headers headers, std::string body,
                    const std::string& accept = "application/vnd.mesh.v2+json") {
    MeshRequest request;
    request.method = "POST";
    request.url = config_->url + "/messageexchange/X26ABC1" + path;
    request.what = "raw";
    request.headers = std::move(headers);
    if (!accept.empty()) {
      request.headers.emplace_back("Accept", accept);
    }
    request.headers.emplace_back("Authorization", tokens_.next(std::chrono::system_clock::now()));
    request.body = std::move(body);
    auto response = http_.exchange(request);
    REQUIRE(response.has_value());
    return *response;
  }

 private:
  MeshConfigPtr config_;
  MeshHttp http_;
  MeshTokens tokens_;
};

Headers send_headers(const std::string& range) {
  return {{"mex-To", "X26ABC2"},
          {"mex-WorkflowID", "AT_RETURN"},
          {"mex-Chunk-Range", range},
          {"Content-Encoding", "gzip"}};
}

}  // namespace

TEST_CASE("mesh: the test server refuses what MESH refuses", "[integration][mesh]") {
  MeshTestServer server;
  RawMesh mesh(server);
  const std::string chunk = gzip_compress("a;b\r\n");

  CHECK(mesh.post("/outbox", {{"mex-WorkflowID", "W"}}, "x").status == 400);  // no mex-To
  auto empty = mesh.post("/outbox", {{"mex-To", "X26ABC2"}, {"mex-WorkflowID", "W"}}, "");
  CHECK(empty.status == 417);
  CHECK_THAT(empty.body, Catch::Contains(R"("code":"02")"));
  CHECK(mesh.post("/outbox", send_headers("2:1"), chunk).status == 417);
  auto brotli = send_headers("1:1");
  brotli.back().second = "br";
  CHECK(mesh.post("/outbox", brotli, chunk).status == 422);
  auto control = send_headers("1:1");
  control.emplace_back("mex-Subject", "a\tb");
  CHECK(mesh.post("/outbox", control, chunk).status == 400);

  auto first = mesh.post("/outbox", send_headers("1:2"), chunk);
  REQUIRE(first.status == 202);
  const auto start = first.body.find(":\"") + 2;  // {"message_id":"ID"}
  const auto id = first.body.substr(start, first.body.rfind('"') - start);
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 0);  // uploading
  // Chunk 2 without the first chunk's Content-Encoding.
  CHECK(mesh.post("/outbox/" + id + "/2", {{"mex-Chunk-Range", "2:2"}}, "a").status == 417);
  CHECK(mesh.post("/outbox/" + id + "/2",
                  {{"mex-Chunk-Range", "2:2"}, {"Content-Encoding", "gzip"}}, chunk)
            .status == 202);
  CHECK(server.inbox_count(MeshTestServer::kReceiver) == 1);
  // Re-posting a chunk of a finished message.
  CHECK(mesh.post("/outbox/" + id + "/2",
                  {{"mex-Chunk-Range", "2:2"}, {"Content-Encoding", "gzip"}}, chunk)
            .status == 423);
  CHECK(mesh.post("/outbox/nosuchid/2", {{"mex-Chunk-Range", "2:2"}}, chunk).status == 404);
}

TEST_CASE("mesh: the test server answers v1 clients in v1's shape", "[integration][mesh]") {
  MeshTestServer server;
  RawMesh mesh(server);
  const Headers plain = {{"mex-To", "X26ABC2"}, {"mex-WorkflowID", "W"}};
  for (const std::string accept : {"application/json", "application/vnd.mesh.v1+json", ""}) {
    auto sent = mesh.post("/outbox", plain, "a;b", accept);
    CHECK(sent.status == 202);
    CHECK_THAT(sent.body, Catch::StartsWith(R"({"messageID":")"));
  }
  auto unknown = mesh.post("/outbox", {{"mex-To", "X26NOBODY"}, {"mex-WorkflowID", "W"}}, "a",
                           "application/json");
  CHECK(unknown.status == 417);
  CHECK(unknown.body == R"({"messageID":"","errorEvent":"SEND","errorCode":"12",)"
                        R"("errorDescription":"Unregistered to address"})");
  CHECK(mesh.post("/outbox", plain, "a", "application/vnd.mesh.v9+json").status == 400);
}

}  // namespace atpipe::connectors::mesh
