#include <catch2/catch.hpp>

#include <string>

#include "http_json_test_util.hpp"
#include "tests/integration/support/http_test_server.hpp"

namespace atpipe::connectors::http_json {
namespace {

using atpipe::test::HttpTestServer;
using atpipe::test::respond;
using atpipe::test::TestRequest;
using atpipe::test::TlsFiles;

const std::string kPage = R"([{"id": "P1"}])";

}  // namespace

TEST_CASE("http_json: a self-signed server is refused unless ca_bundle trusts it",
          "[integration][http_json][tls]") {
  HttpTestServer server([](const TestRequest&) { return respond(200, kPage); },
                        TlsFiles{atpipe::test::server_certificate().cert,
                                 atpipe::test::server_certificate().key, std::nullopt});
  auto config = test::config_for(server.url("/api/placements"));
  config.http.retries = 0;

  const auto refused = test::pull(config, {"/id"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Network);
  CHECK_THAT(refused.error().message(),
             Catch::StartsWith("page 1: GET failed: TLS verification failed: the server's "
                               "certificate is not trusted (") &&
                 Catch::EndsWith("); if the server uses a private CA, set 'ca_bundle' to that "
                                 "CA's certificate"));

  config.http.ca_bundle = atpipe::test::server_certificate().cert;
  const auto trusted = test::pull(config, {"/id"});
  REQUIRE(trusted.has_value());
  CHECK(trusted->batches[0].rows.size() == 1);
  CHECK(trusted->batches[0].file == server.url("/api/placements"));

  // A bundle holding some other CA is still a verification failure, and says which file.
  config.http.ca_bundle = atpipe::test::client_certificate().cert;
  const auto wrong_ca = test::pull(config, {"/id"});
  REQUIRE_FALSE(wrong_ca.has_value());
  CHECK_THAT(wrong_ca.error().message(),
             Catch::Contains("TLS verification failed") &&
                 Catch::Contains(atpipe::test::client_certificate().cert.string()));
}

TEST_CASE("http_json: a server that requires a client certificate",
          "[integration][http_json][tls]") {
  HttpTestServer server(
      [](const TestRequest&) { return respond(200, kPage); },
      TlsFiles{atpipe::test::server_certificate().cert, atpipe::test::server_certificate().key,
               atpipe::test::client_certificate().cert});
  auto config = test::config_for(server.url("/api/placements"));
  config.http.retries = 0;
  config.http.ca_bundle = atpipe::test::server_certificate().cert;

  const auto without = test::pull(config, {"/id"});
  REQUIRE_FALSE(without.has_value());
  CHECK(without.error().code() == core::ErrorCode::Network);
  INFO(without.error().message());
  CHECK_THAT(without.error().message(), Catch::Contains("client_cert"));

  config.http.client_cert = atpipe::test::client_certificate().cert;
  config.http.client_key = atpipe::test::client_certificate().key;
  const auto with = test::pull(config, {"/id"});
  REQUIRE(with.has_value());
  CHECK(with->batches[0].rows.size() == 1);
  CHECK(server.requests().size() == 1);  // the refused handshake never became a request
}

}  // namespace atpipe::connectors::http_json
