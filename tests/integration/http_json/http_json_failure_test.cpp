#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "http_json_test_util.hpp"
#include "tests/integration/support/http_test_server.hpp"

namespace atpipe::connectors::http_json {
namespace {

using atpipe::test::HttpTestServer;
using atpipe::test::respond;
using atpipe::test::TestRequest;
using atpipe::test::TestResponse;
using std::chrono::milliseconds;

const std::string kPage = R"({"data": [{"id": "P1"}, {"id": "P2"}], "links": {"next": null}})";

HttpJsonConfig paged(const std::string& url) {
  auto config = test::config_for(url);
  config.records = "/data";
  config.pagination = Pagination::NextLink;
  config.next = "/links/next";
  return config;
}

}  // namespace

TEST_CASE("http_json: a bearer token is sent and a refused one is an auth error",
          "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    const auto auth = request.headers.find("authorization");
    if (auth == request.headers.end() || auth->second != "Bearer t0ken-ok") {
      return respond(401, R"({"error": "unauthorised"})");
    }
    return respond(200, kPage);
  });
  auto config = paged(server.url("/api/placements"));
  config.http.auth.kind = http::HttpAuth::Kind::Bearer;
  config.http.auth.token = "t0ken-ok";
  const auto ok = test::pull(config, {"/id"});
  REQUIRE(ok.has_value());
  CHECK(ok->batches[0].rows.size() == 2);

  config.http.auth.token = "t0ken-expired";
  const auto refused = test::pull(config, {"/id"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Auth);
  const auto text = refused.error().describe();
  CHECK(text == "source 'la_placements', file '" + server.url("/api/placements") +
                    "': page 1: GET failed: authentication refused (HTTP 401); check the "
                    "credentials under 'auth' and that they are still valid");
  CHECK_THAT(text, !Catch::Contains("t0ken"));
  CHECK(server.requests().size() == 2);  // a 401 is not retried
}

TEST_CASE("http_json: basic auth is sent", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    const auto auth = request.headers.find("authorization");
    if (auth == request.headers.end() || auth->second != "Basic bGFfcmVhZGVyOnBhNTV3b3Jk") {
      return respond(403, "{}");
    }
    return respond(200, kPage);
  });
  auto config = paged(server.url("/api/placements"));
  config.http.auth.kind = http::HttpAuth::Kind::Basic;
  config.http.auth.username = "la_reader";
  config.http.auth.password = "pa55word";
  REQUIRE(test::pull(config, {"/id"}).has_value());

  config.http.auth.password = "wrong";
  const auto refused = test::pull(config, {"/id"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Auth);
  CHECK_THAT(refused.error().message(), Catch::Contains("authentication refused (HTTP 403)"));
}

TEST_CASE("http_json: 429 is retried after the server's Retry-After", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    if (request.index == 0) {
      auto busy = respond(429, "{}");
      busy.headers = {{"Retry-After", "7"}};
      return busy;
    }
    if (request.index == 1) {
      return respond(503, "{}");  // no Retry-After: the client's own backoff
    }
    return respond(200, kPage);
  });
  std::vector<milliseconds> sleeps;
  const auto result = test::pull(paged(server.url("/api/placements")), {"/id"}, &sleeps);
  REQUIRE(result.has_value());
  CHECK(result->batches[0].rows.size() == 2);
  CHECK(server.requests().size() == 3);
  CHECK(sleeps == std::vector<milliseconds>{milliseconds(7000), milliseconds(2000)});
}

TEST_CASE("http_json: a 5xx on every attempt fails after retries", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) { return respond(500, "{}"); });
  auto config = paged(server.url("/api/placements"));
  config.http.retries = 2;
  std::vector<milliseconds> sleeps;
  const auto result = test::pull(config, {"/id"}, &sleeps);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Network);
  CHECK(result.error().message() ==
        "page 1: GET failed: HTTP 500 server error; the server failed, try again later or ask "
        "its operators (gave up after 3 attempts; 'retries' is 2)");
  CHECK(server.requests().size() == 3);
  CHECK(sleeps == std::vector<milliseconds>{milliseconds(1000), milliseconds(2000)});
}

TEST_CASE("http_json: other statuses fail at once", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) { return respond(404, "{}"); });
  const auto result = test::pull(paged(server.url("/api/nowhere")), {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::NotFound);
  CHECK_THAT(result.error().message(), Catch::Contains("HTTP 404 not found; check the URL"));
  CHECK(server.requests().size() == 1);
}

TEST_CASE("http_json: connection refused names the source and the URL, not its query",
          "[integration][http_json]") {
  const auto port = atpipe::test::unused_port();
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/api/placements";
  auto config = paged(base + "?api_key=s3cret");
  std::vector<milliseconds> sleeps;
  const auto result = test::pull(config, {"/id"}, &sleeps);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Network);
  CHECK(result.error().describe() ==
        "source 'la_placements', file '" + base +
            "': page 1: GET failed: connection refused or host unreachable; check that the "
            "server is running and that the URL's host and port are right");
  CHECK(sleeps.empty());
}

TEST_CASE("http_json: a server slower than timeout_seconds times out", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) {
    auto slow = respond(200, kPage);
    slow.delay = milliseconds(10000);  // cut short when the server stops
    return slow;
  });
  auto config = paged(server.url("/api/placements"));
  config.http.timeout = std::chrono::seconds(1);
  config.http.retries = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto result = test::pull(config, {"/id"});
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message() ==
        "page 1: GET failed: timed out (limit 1 s); check that the server is up, or raise "
        "'timeout_seconds' (gave up after 1 attempt; 'retries' is 0)");
}

TEST_CASE("http_json: malformed JSON fails the source whole", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    if (request.index == 0) {
      return respond(200, R"({"data": [{"id": "P1"}], "links": {"next": "/api/p2"}})");
    }
    return respond(200, "{\"data\": [\n  {\"id\": \"P2\"\n]}");
  });
  const auto result = test::pull(paged(server.url("/api/p1")), {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Parse);
  CHECK(result.error().describe() ==
        "source 'la_placements', file '" + server.url("/api/p2") +
            "': page 2: malformed JSON at line 3, column 1: Missing a comma or '}' after an "
            "object member; nothing from this source was used");
}

TEST_CASE("http_json: records that are not an array fail the source", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) { return respond(200, R"({"data": {"id": 1}})"); });
  const auto result = test::pull(paged(server.url("/api/p1")), {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message() ==
        "page 1: 'records' ('/data') is an object, not an array of records");
}

TEST_CASE("http_json: a body cut short fails the source with no rows", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    if (request.index == 0) {
      return respond(200, R"({"data": [{"id": "P1"}], "links": {"next": "/api/p2"}})");
    }
    auto cut = respond(200, kPage);
    cut.truncate = true;
    return cut;
  });
  auto config = paged(server.url("/api/p1"));
  config.http.retries = 0;
  const auto result = test::pull(config, {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Network);
  CHECK_THAT(result.error().message(),
             Catch::StartsWith("page 2: GET failed: the response was cut short (") &&
                 Catch::EndsWith("); nothing from this source was used; check the server or a "
                                 "proxy between"));
}

}  // namespace atpipe::connectors::http_json
