#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "connectors/fhir/fhir_rows.hpp"
#include "connectors/fhir/fhir_source.hpp"
#include "tests/connectors/fhir/fhir_test_bundles.hpp"
#include "tests/integration/support/http_test_server.hpp"

namespace atpipe::connectors::fhir {
namespace {

using atpipe::test::HttpTestServer;
using atpipe::test::respond;
using atpipe::test::TestRequest;
using atpipe::test::TestResponse;
using atpipe::test::TlsFiles;
using Values = std::vector<std::string>;

const core::Date kCut{date::year{2026}, date::month{10}, date::day{31}};

FhirConfig config_for(const std::string& base_url) {
  FhirConfig config;
  config.base_url = base_url;
  config.http.timeout = std::chrono::seconds(5);
  return config;
}

core::Expected<core::PullResult> pull(const FhirConfig& config) {
  FhirSource source("trust_fhir", std::make_shared<const FhirConfig>(config),
                    [](std::chrono::milliseconds) {});
  return source.pull(core::PullContext{kCut});
}

TestResponse fhir(unsigned status, std::string body) {
  auto response = respond(status, std::move(body));
  response.content_type = "application/fhir+json";
  return response;
}

// Page 1 for the first search, page 2 for the server's own paging link.
TestResponse two_pages(const TestRequest& request, const std::string& base) {
  if (request.query("_getpages") == "p2") {
    return fhir(200, test::kPage2);
  }
  return fhir(200, test::with_next(test::kPage1, base + "/R4?_getpages=p2&_offset=3"));
}

}  // namespace

TEST_CASE("fhir: two pages of Encounters joined to their included Patients",
          "[integration][fhir]") {
  std::string base;
  HttpTestServer server([&base](const TestRequest& request) { return two_pages(request, base); });
  base = server.url("");
  auto config = config_for(server.url("/R4"));
  config.params = {{"_count", "3"}};

  const auto result = pull(config);
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 1);
  const auto& batch = result->batches[0];
  CHECK(batch.file == server.url("/R4/Encounter"));
  CHECK(batch.header == columns_for(Resource::Encounter));
  REQUIRE(batch.rows.size() == 3);
  CHECK(batch.rows[0].values == Values{"E1", "9990000018", "Quill", "Ada", "1990-01-02", "female",
                                       "NN1 5BD", "2026-09-14", "", "19", "", "RP1"});
  // E2's patient came on the second page, referenced by a versioned absolute URL.
  CHECK(batch.rows[1].values == Values{"E2", "9990000026", "Marsh", "Tom", "1985-07-30", "male",
                                       "NN2 6AB", "2026-03-01", "2026-10-20", "51", "19", ""});
  CHECK(batch.rows[2].values[0] == "E3");
  CHECK(batch.rows[2].values[1].empty());  // p3 has no identifier in the NHS system
  CHECK(batch.rows[2].row == 3);

  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target ==
        "/R4/Encounter?class=IMP&_include=Encounter%3asubject&date=le2026-10-31&_count=3");
  CHECK(requests[0].headers.at("accept") == "application/fhir+json");
  CHECK(requests[1].target == "/R4?_getpages=p2&_offset=3");
}

TEST_CASE("fhir: a Patient search", "[integration][fhir]") {
  HttpTestServer server([](const TestRequest&) { return fhir(200, test::kPage2); });
  auto config = config_for(server.url("/R4"));
  config.resource = Resource::Patient;
  config.params = {{"organization", "RP1"}};
  const auto result = pull(config);
  REQUIRE(result.has_value());
  const auto& batch = result->batches[0];
  CHECK(batch.header == columns_for(Resource::Patient));
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[0].values ==
        Values{"p2", "9990000026", "Marsh", "Tom", "1985-07-30", "male", "NN2 6AB"});
  CHECK(server.requests()[0].target == "/R4/Patient?organization=RP1");
}

TEST_CASE("fhir: an OperationOutcome instead of a Bundle fails the source", "[integration][fhir]") {
  const unsigned status = GENERATE(200U, 400U);
  HttpTestServer server([status](const TestRequest&) { return fhir(status, test::kOutcome); });
  const auto result = pull(config_for(server.url("/R4")));
  REQUIRE_FALSE(result.has_value());
  const std::string summary = "error not-supported: Search parameter 'class' is not supported";
  if (status == 200) {
    CHECK(result.error().code() == core::ErrorCode::Parse);
    CHECK(result.error().message() ==
          "page 1: the server answered with an OperationOutcome instead of a Bundle (" + summary +
              ")");
  } else {
    CHECK(result.error().code() == core::ErrorCode::Network);
    CHECK(result.error().message() == "page 1: GET failed: HTTP 400 (OperationOutcome: " + summary +
                                          "); check the URL, method, headers and body");
  }
  CHECK(result.error().where().file == server.url("/R4/Encounter"));
}

TEST_CASE("fhir: a body that is not a Bundle fails the source", "[integration][fhir]") {
  HttpTestServer server(
      [](const TestRequest&) { return fhir(200, R"({"resourceType": "CapabilityStatement"})"); });
  const auto result = pull(config_for(server.url("/R4")));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message() ==
        "page 1: expected a FHIR Bundle, got resourceType 'CapabilityStatement'; check that "
        "'base_url' is the FHIR server's base");
}

TEST_CASE("fhir: a second page that fails gives no rows at all", "[integration][fhir]") {
  std::string base;
  HttpTestServer server([&base](const TestRequest& request) {
    if (request.index == 0) {
      return two_pages(request, base);
    }
    return fhir(503, test::kOutcome);
  });
  base = server.url("");
  auto config = config_for(server.url("/R4"));
  config.http.retries = 1;
  const auto result = pull(config);
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message(), Catch::StartsWith("page 2: GET failed: HTTP 503"));
  CHECK(server.requests().size() == 3);
}

TEST_CASE("fhir: HTTPS with a private CA and a bearer token", "[integration][fhir][tls]") {
  std::string base;
  HttpTestServer server(
      [&base](const TestRequest& request) {
        if (request.headers.count("authorization") == 0 ||
            request.headers.at("authorization") != "Bearer fhir-t0ken") {
          return fhir(401, test::kOutcome);
        }
        return two_pages(request, base);
      },
      TlsFiles{atpipe::test::server_certificate().cert, atpipe::test::server_certificate().key,
               std::nullopt});
  base = server.url("");
  auto config = config_for(server.url("/R4"));
  config.http.ca_bundle = atpipe::test::server_certificate().cert;
  config.http.auth.kind = http::HttpAuth::Kind::Bearer;
  config.http.auth.token = "fhir-t0ken";
  const auto result = pull(config);
  REQUIRE(result.has_value());
  CHECK(result->batches[0].rows.size() == 3);

  config.http.auth.token = "stale";
  const auto refused = pull(config);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Auth);
  CHECK_THAT(refused.error().message(), !Catch::Contains("stale"));
}

}  // namespace atpipe::connectors::fhir
