#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "connectors/https_upload/https_upload_sink.hpp"
#include "tests/integration/support/http_test_server.hpp"

namespace atpipe::connectors::https_upload {
namespace {

using atpipe::test::HttpTestServer;
using atpipe::test::respond;
using atpipe::test::TestRequest;
using atpipe::test::TestResponse;
using atpipe::test::TlsFiles;

core::Artefact artefact(const std::string& local_id = "QPM-2026-10-aabbccddeeff-1") {
  core::Artefact a;
  a.period = "2026-10";
  a.commissioner = "QPM";
  a.file_name = "AT_upload_QPM_2026-10.csv";
  a.content = "LocalPatientID,NHSNumber\r\nP1,9990001015\r\n";
  a.sha256 = "0123";
  a.local_id = local_id;
  a.subject = "AT return";
  return a;
}

// A receiver that keeps what was uploaded, by path (PUT) or by local id (POST).
struct Receiver {
  std::mutex mutex;
  std::map<std::string, std::string> stored;

  TestResponse handle(const TestRequest& r) {
    std::lock_guard<std::mutex> lock(mutex);
    if (r.method == "PUT") {
      stored[r.path()] = r.body;
      return respond(201, "{}");
    }
    if (r.method == "POST") {
      stored[r.headers.at("x-atpipe-local-id")] = r.body;
      return respond(200, "{}");
    }
    const std::string key = r.path().rfind("/status/", 0) == 0 ? r.path().substr(8) : r.path();
    return stored.count(key) != 0 ? respond(200, "{}") : respond(404, "{}");
  }
};

TlsFiles server_tls(bool client_cert) {
  return TlsFiles{
      atpipe::test::server_certificate().cert, atpipe::test::server_certificate().key,
      client_cert ? std::optional(atpipe::test::client_certificate().cert) : std::nullopt};
}

HttpsUploadConfig base_config(const HttpTestServer& server, const std::string& path) {
  HttpsUploadConfig c;
  c.url = server.url(path);
  c.http.ca_bundle = atpipe::test::server_certificate().cert;
  c.http.retries = 0;
  return c;
}

}  // namespace

TEST_CASE("https_upload: PUT with a bearer token, then find() by HEAD on the upload's URL",
          "[integration][https_upload]") {
  Receiver receiver;
  HttpTestServer server([&](const TestRequest& r) { return receiver.handle(r); },
                        server_tls(false));
  auto config = base_config(server, "/at/{commissioner}/{local_id}/{file_name}");
  config.http.auth.kind = http::HttpAuth::Kind::Bearer;
  config.http.auth.token = "s3cret-token";
  HttpsUploadSink sink("submission", std::make_shared<const HttpsUploadConfig>(config));

  auto before = sink.find(artefact());
  REQUIRE(before);
  CHECK_FALSE(before->has_value());

  auto receipt = sink.send(artefact());
  REQUIRE(receipt);
  const auto requests = server.requests();
  const auto& put = requests.back();
  CHECK(put.method == "PUT");
  CHECK(put.path() == "/at/QPM/QPM-2026-10-aabbccddeeff-1/AT_upload_QPM_2026-10.csv");
  CHECK(put.headers.at("authorization") == "Bearer s3cret-token");
  CHECK(put.headers.at("x-atpipe-local-id") == "QPM-2026-10-aabbccddeeff-1");
  CHECK(put.headers.at("content-type") == "text/csv");
  CHECK(put.body == artefact().content);
  CHECK(receipt->detail.find("HTTP 201") != std::string::npos);
  // The token is never in the receipt.
  CHECK(receipt->detail.find("s3cret") == std::string::npos);

  auto found = sink.find(artefact());
  REQUIRE(found);
  REQUIRE(found->has_value());
  CHECK(server.requests().back().method == "HEAD");
  auto other = sink.find(artefact("QPM-2026-10-aabbccddeeff-2"));
  REQUIRE(other);
  CHECK_FALSE(other->has_value());
  auto status = sink.track(*receipt);
  REQUIRE(status);
  CHECK(status->state == core::Delivery::Delivered);
}

TEST_CASE("https_upload: multipart POST with a client certificate and a status URL",
          "[integration][https_upload]") {
  Receiver receiver;
  HttpTestServer server([&](const TestRequest& r) { return receiver.handle(r); }, server_tls(true));
  auto config = base_config(server, "/upload");
  config.method = Method::Post;
  config.form_field = "return";
  config.status_url = server.url("/status/{local_id}");
  config.http.client_cert = atpipe::test::client_certificate().cert;
  config.http.client_key = atpipe::test::client_certificate().key;
  HttpsUploadSink sink("submission", std::make_shared<const HttpsUploadConfig>(config));

  auto receipt = sink.send(artefact());
  REQUIRE(receipt);
  const auto post = server.requests().back();
  CHECK(post.method == "POST");
  CHECK(post.headers.at("content-type").rfind("multipart/form-data; boundary=", 0) == 0);
  CHECK(post.body.find("Content-Disposition: form-data; name=\"return\"; "
                       "filename=\"AT_upload_QPM_2026-10.csv\"") != std::string::npos);
  CHECK(post.body.find(artefact().content) != std::string::npos);

  auto found = sink.find(artefact());
  REQUIRE(found);
  CHECK(found->has_value());
  CHECK(server.requests().back().path() == "/status/QPM-2026-10-aabbccddeeff-1");

  // Without the client certificate the server refuses the connection.
  auto no_cert = config;
  no_cert.http.client_cert.reset();
  no_cert.http.client_key.reset();
  HttpsUploadSink refused("submission", std::make_shared<const HttpsUploadConfig>(no_cert));
  auto sent = refused.send(artefact("QPM-2026-10-aabbccddeeff-3"));
  REQUIRE_FALSE(sent);
}

TEST_CASE("https_upload: an upload is sent once; a busy server may retry, a refusal may not",
          "[integration][https_upload]") {
  unsigned status = 503;
  HttpTestServer server(
      [&](const TestRequest& r) {
        return r.method == "PUT" ? respond(status, "{}") : respond(500, "{}");
      },
      server_tls(false));
  auto config = base_config(server, "/at/{local_id}");
  config.http.retries = 3;  // for find(); the upload itself is never retried
  HttpsUploadSink sink("submission", std::make_shared<const HttpsUploadConfig>(config));

  auto busy = sink.send(artefact());
  REQUIRE_FALSE(busy);
  CHECK(core::retry_may_help(busy.error()));
  CHECK(server.requests().size() == 1);

  status = 422;
  auto refused = sink.send(artefact());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code() == core::ErrorCode::Validation);
  CHECK_FALSE(core::retry_may_help(refused.error()));

  status = 401;
  auto auth = sink.send(artefact());
  REQUIRE_FALSE(auth);
  CHECK(auth.error().code() == core::ErrorCode::Auth);

  // A status check that answers neither yes nor no is an error, never "not there".
  config.http.retries = 0;
  HttpsUploadSink asking("submission", std::make_shared<const HttpsUploadConfig>(config));
  auto unknown = asking.find(artefact());
  REQUIRE_FALSE(unknown);
  CHECK(core::retry_may_help(unknown.error()));
}

TEST_CASE("https_upload: a server that is not there is a network error a retry may fix",
          "[integration][https_upload]") {
  HttpsUploadConfig config;
  config.url = "https://127.0.0.1:" + std::to_string(atpipe::test::unused_port()) + "/{local_id}";
  config.http.retries = 0;
  config.http.timeout = std::chrono::seconds(5);
  HttpsUploadSink sink("submission", std::make_shared<const HttpsUploadConfig>(config));
  auto sent = sink.send(artefact());
  REQUIRE_FALSE(sent);
  CHECK(sent.error().code() == core::ErrorCode::Network);
  CHECK(core::retry_may_help(sent.error()));
}

}  // namespace atpipe::connectors::https_upload
