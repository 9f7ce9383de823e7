#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "connectors/common/http/json_support.hpp"
#include "connectors/http_json/http_json_records.hpp"

namespace atpipe::connectors::http_json {
namespace {

using Values = std::vector<std::string>;
const core::Provenance kWhere{"la", "https://api.example/p", 0, ""};

struct Read {
  std::vector<core::RawRow> rows;
  std::size_t next_row = 1;
};

core::Expected<PageLinks> read(const std::string& body, const HttpJsonConfig& config,
                               const Values& columns, Read& into, std::size_t page = 1) {
  return read_page(body, config, columns, page, kWhere, into.next_row, into.rows);
}

}  // namespace

TEST_CASE("http_json records: values are flattened by JSON Pointer", "[unit][http_json]") {
  rapidjson::Document doc;
  std::string problem;
  REQUIRE(http::parse_json(R"([
    {"person": {"nhsNumber": "9990000018", "names": ["Ada", "Lovegood"]}, "beds": 2,
     "cost": 10.50, "big": 12345678901234567890, "ok": true, "gone": null, "a/b": "slash",
     "m~n": "tilde"},
    {"person": {"nhsNumber": 9990000026}, "beds": "3", "ok": false}
  ])",
                           doc, problem));
  const Values columns = {"/person/nhsNumber",
                          "/person/names/1",
                          "/beds",
                          "/cost",
                          "/big",
                          "/ok",
                          "/gone",
                          "/nope",
                          "/a~1b",
                          "/m~0n"};
  std::size_t next_row = 7;
  std::vector<core::RawRow> rows;
  flatten_records(doc, columns, next_row, rows);
  REQUIRE(rows.size() == 2);
  CHECK(next_row == 9);
  CHECK(rows[0].row == 7);
  // Numbers keep the text the server sent: no 10.5, no rounding of large integers.
  CHECK(rows[0].values == Values{"9990000018", "Lovegood", "2", "10.50", "12345678901234567890",
                                 "true", "", "", "slash", "tilde"});
  CHECK(rows[1].values == Values{"9990000026", "", "3", "", "", "false", "", "", "", ""});
  CHECK(rows[0].problem.empty());
}

TEST_CASE("http_json records: an object or array value is a row problem", "[unit][http_json]") {
  rapidjson::Document doc;
  std::string problem;
  REQUIRE(
      http::parse_json(R"([{"person": {"nhsNumber": "9990000018"}, "tags": [1]}])", doc, problem));
  std::size_t next_row = 1;
  std::vector<core::RawRow> rows;
  flatten_records(doc, {"/person", "/tags"}, next_row, rows);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].values == Values{"", ""});
  CHECK(rows[0].problem ==
        "'/person' holds an object, not a single value; point the mapping at a field inside it");
}

TEST_CASE("http_json records: the records pointer", "[unit][http_json]") {
  HttpJsonConfig config;
  Read whole;
  REQUIRE(read(R"([{"id": 1}, {"id": 2}])", config, {"/id"}, whole).has_value());
  CHECK(whole.rows.size() == 2);

  config.records = "/data/items";
  Read nested;
  const auto links = read(R"({"data": {"items": [{"id": "a"}]}})", config, {"/id"}, nested);
  REQUIRE(links.has_value());
  CHECK(links->records == 1);
  CHECK_FALSE(links->next.has_value());

  Read missing;
  const auto absent = read(R"({"data": {}})", config, {"/id"}, missing, 3);
  REQUIRE_FALSE(absent.has_value());
  CHECK(absent.error().message() ==
        "page 3: the response has nothing at 'records' ('/data/items'); check 'records' against "
        "what the server sends");
  CHECK(missing.rows.empty());

  config.records = "";
  Read object;
  const auto not_array = read(R"({"id": 1})", config, {"/id"}, object);
  REQUIRE_FALSE(not_array.has_value());
  CHECK(not_array.error().message() ==
        "page 1: 'records' (the whole body) is an object, not an array of records");
}

TEST_CASE("http_json records: next links and cursors", "[unit][http_json]") {
  HttpJsonConfig config;
  config.records = "/data";
  config.pagination = Pagination::NextLink;
  config.next = "/links/next";
  Read read_into;
  auto links = read(R"({"data": [], "links": {"next": "/p?page=2"}})", config, {}, read_into);
  REQUIRE(links.has_value());
  CHECK(links->next == "/p?page=2");
  for (const char* last : {R"({"data": []})", R"({"data": [], "links": {"next": null}})",
                           R"({"data": [], "links": {"next": ""}})"}) {
    links = read(last, config, {}, read_into);
    REQUIRE(links.has_value());
    CHECK_FALSE(links->next.has_value());
  }
  links = read(R"({"data": [], "links": {"next": {"href": "/p"}}})", config, {}, read_into, 2);
  REQUIRE_FALSE(links.has_value());
  CHECK(links.error().message() ==
        "page 2: the next link at '/links/next' is an object, not a single value");

  config.pagination = Pagination::Cursor;
  config.cursor = "/meta/cursor";
  links = read(R"({"data": [], "meta": {"cursor": 42}})", config, {}, read_into);
  REQUIRE(links.has_value());
  CHECK(links->next == "42");
}

TEST_CASE("http_json records: malformed JSON gives a 1-based line and column",
          "[unit][http_json]") {
  HttpJsonConfig config;
  Read read_into;
  const auto result = read("[\n  {\"id\": 1},\n  {\"id\": 2,}\n]", config, {"/id"}, read_into, 4);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Parse);
  CHECK(result.error().message() ==
        "page 4: malformed JSON at line 3, column 12: Missing a name for object member; nothing "
        "from this source was used");
  CHECK(result.error().where().file == "https://api.example/p");
  CHECK(read_into.rows.empty());
}

}  // namespace atpipe::connectors::http_json
