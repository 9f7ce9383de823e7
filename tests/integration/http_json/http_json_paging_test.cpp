#include <catch2/catch.hpp>

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
using test::Columns;
using test::Values;

// Fictional people with NHS numbers from the 999 test range.
const std::vector<std::string> kRecords = {
    R"({"id": "P1", "person": {"nhsNumber": "9990000018", "dob": "1990-01-02"}, "beds": 2,)"
    R"( "active": true, "note": null})",
    R"({"id": "P2", "person": {"nhsNumber": "9990000026", "dob": "1985-07-30"}, "beds": 1.5,)"
    R"( "active": false})",
    R"({"id": "P3", "person": {"nhsNumber": "9990000034"}})",
    R"({"id": "P4", "person": {"nhsNumber": 9990000042}})",
    R"({"id": "P5", "person": {"nhsNumber": "9990000050"}})",
};

std::string array_of(std::size_t first, std::size_t count) {
  std::string out = "[";
  for (std::size_t i = first; i < first + count && i < kRecords.size(); ++i) {
    out += (i == first ? "" : ",") + kRecords[i];
  }
  return out + "]";
}

}  // namespace

TEST_CASE("http_json: three pages through next links", "[integration][http_json]") {
  // Page 1 links relatively, page 2 absolutely, page 3 ends with null.
  std::string base;
  HttpTestServer server([&base](const TestRequest& request) {
    const std::string page = request.query("page");
    if (page == "1") {
      return respond(200, R"({"data": )" + array_of(0, 2) +
                              R"(, "links": {"next": "/api/placements?page=2"}})");
    }
    if (page == "2") {
      return respond(200, R"({"data": )" + array_of(2, 2) + R"(, "links": {"next": ")" + base +
                              R"(/api/placements?page=3"}})");
    }
    return respond(200, R"({"data": )" + array_of(4, 1) + R"(, "links": {"next": null}})");
  });
  base = server.url("");
  auto config = test::config_for(server.url("/api/placements?page=1&api_key=k3y"));
  config.records = "/data";
  config.pagination = Pagination::NextLink;
  config.next = "/links/next";
  const Columns columns = {"/id",   "/person/nhsNumber", "/person/dob", "/beds", "/active",
                           "/note", "/missing"};

  const auto result = test::pull(config, columns);
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 1);
  const auto& batch = result->batches[0];
  // Provenance never carries the query string, which may hold a key.
  CHECK(batch.file == server.url("/api/placements"));
  CHECK(batch.header == columns);
  REQUIRE(batch.rows.size() == 5);
  for (std::size_t i = 0; i < batch.rows.size(); ++i) {
    CHECK(batch.rows[i].row == i + 1);
    CHECK(batch.rows[i].problem.empty());
  }
  CHECK(batch.rows[0].values == Values{"P1", "9990000018", "1990-01-02", "2", "true", "", ""});
  CHECK(batch.rows[1].values == Values{"P2", "9990000026", "1985-07-30", "1.5", "false", "", ""});
  CHECK(batch.rows[3].values == Values{"P4", "9990000042", "", "", "", "", ""});
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].target == "/api/placements?page=2");
  CHECK(requests[2].target == "/api/placements?page=3");
  CHECK(requests[0].headers.at("accept") == "application/json");
}

TEST_CASE("http_json: offset and limit", "[integration][http_json]") {
  const std::size_t total = GENERATE(5U, 4U);
  HttpTestServer server([total](const TestRequest& request) {
    const auto offset = std::stoul(request.query("skip"));
    const auto limit = std::stoul(request.query("take"));
    const auto count = offset >= total ? 0 : std::min(limit, total - offset);
    return respond(200, R"({"items": )" + array_of(offset, count) + "}");
  });
  auto config = test::config_for(server.url("/api/people?ward=oak"));
  config.records = "/items";
  config.pagination = Pagination::Offset;
  config.offset_param = "skip";
  config.limit_param = "take";
  config.limit = 2;

  const auto result = test::pull(config, {"/id"});
  REQUIRE(result.has_value());
  Values ids;
  for (const auto& row : test::values_of(*result)) {
    ids.push_back(row[0]);
  }
  Values expected = {"P1", "P2", "P3", "P4", "P5"};
  expected.resize(total);
  CHECK(ids == expected);
  const auto requests = server.requests();
  // 5 records: 2 + 2 + 1 (short page ends). 4 records: 2 + 2 + an empty page.
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target == "/api/people?ward=oak&skip=0&take=2");
  CHECK(requests[1].query("skip") == "2");
  CHECK(requests[2].query("skip") == "4");
}

TEST_CASE("http_json: cursor pages", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    const std::string cursor = request.query("after");
    if (cursor.empty()) {
      return respond(200,
                     R"({"results": )" + array_of(0, 2) + R"(, "meta": {"next_cursor": "c2"}})");
    }
    if (cursor == "c2") {
      return respond(200, R"({"results": )" + array_of(2, 2) + R"(, "meta": {"next_cursor": 17}})");
    }
    return respond(200, R"({"results": )" + array_of(4, 1) + R"(, "meta": {}})");
  });
  auto config = test::config_for(server.url("/api/people"));
  config.records = "/results";
  config.pagination = Pagination::Cursor;
  config.cursor = "/meta/next_cursor";
  config.cursor_param = "after";

  const auto result = test::pull(config, {"/id"});
  REQUIRE(result.has_value());
  CHECK(result->batches[0].rows.size() == 5);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].target == "/api/people");
  CHECK(requests[1].target == "/api/people?after=c2");
  CHECK(requests[2].target == "/api/people?after=17");
}

TEST_CASE("http_json: POST sends the body and headers", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) { return respond(200, "[" + kRecords[0] + "]"); });
  auto config = test::config_for(server.url("/api/query"));
  config.method = "POST";
  config.body = R"({"ward": "oak"})";
  config.headers = {{"X-Client", "atpipe-test"}};

  const auto result = test::pull(config, {"/id"});
  REQUIRE(result.has_value());
  CHECK(test::values_of(*result) == std::vector<Values>{{"P1"}});
  const auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].body == R"({"ward": "oak"})");
  CHECK(requests[0].headers.at("content-type") == "application/json");
  CHECK(requests[0].headers.at("x-client") == "atpipe-test");
}

TEST_CASE("http_json: a link back to a page already read stops the source",
          "[integration][http_json]") {
  HttpTestServer server([](const TestRequest&) {
    return respond(200, R"({"data": [], "links": {"next": "/api/same"}})");
  });
  auto config = test::config_for(server.url("/api/same"));
  config.records = "/data";
  config.pagination = Pagination::NextLink;
  config.next = "/links/next";
  const auto result = test::pull(config, {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message(),
             Catch::Contains("page 1: the server links back to a page already read"));
}

TEST_CASE("http_json: more pages than max_pages fails the source", "[integration][http_json]") {
  HttpTestServer server([](const TestRequest& request) {
    return respond(200, R"({"data": [], "links": {"next": "/api/p?n=)" +
                            std::to_string(request.index + 1) + R"("}})");
  });
  auto config = test::config_for(server.url("/api/p?n=0"));
  config.records = "/data";
  config.pagination = Pagination::NextLink;
  config.next = "/links/next";
  config.max_pages = 3;
  const auto result = test::pull(config, {"/id"});
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message(),
             Catch::Contains("more than 3 pages ('max_pages'); raise it if that is expected"));
  CHECK(server.requests().size() == 3);
}

}  // namespace atpipe::connectors::http_json
