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
#include "config/source_registry.hpp"
#include "connectors/http_json/http_json_config.hpp"

namespace atpipe::connectors::http_json {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";

const config::SourceFactory& factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* found = registry->find("http_json");
  REQUIRE(found != nullptr);
  return *found;
}

struct Parsed {
  std::shared_ptr<const HttpJsonConfig> config;
  std::vector<std::string> errors;
};

// Runs the factory's parse() the way the loader does: a reader over the source's mapping, with
// the common `mapping` key added so that the pointer check can see it.
Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  auto table = factory().keys();
  table.push_back({"mapping", config::KeyType::Map, false, "", {}, "mapping"});
  config::NodeReader reader(YAML::Load(yaml), table, "source 'la'", diag, kConfigFile);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const HttpJsonConfig>(factory().parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

// The one error `yaml` gives. A bad value must also make parse() refuse the config; an unknown
// key is the reader's to report, and the loader refuses the whole file for it.
std::string only_error(const std::string& yaml, bool refused = true) {
  const auto parsed = parse_yaml(yaml);
  CHECK((parsed.config == nullptr) == refused);
  REQUIRE(parsed.errors.size() == 1);
  return parsed.errors[0];
}

const std::string kUrl = "url: https://reports.council.example/api/v1/ld-placements\n";
const std::string kAt = "/etc/atpipe/atpipe.yaml:";

}  // namespace

TEST_CASE("http_json config: the factory is registered with its key table", "[unit][http_json]") {
  CHECK(factory().type() == "http_json");
  std::vector<std::string> names;
  for (const auto& key : factory().keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"url", "method", "body", "headers", "records",
                                          "pagination", "max_pages", "auth", "client_cert",
                                          "client_key", "ca_bundle", "timeout_seconds", "retries"});
  std::vector<std::string> pagination;
  for (const auto& key : pagination_keys()) {
    pagination.push_back(key.name);
  }
  CHECK(pagination == std::vector<std::string>{"type", "next", "offset_param", "limit_param",
                                               "limit", "cursor", "cursor_param"});
}

TEST_CASE("http_json config: defaults", "[unit][http_json]") {
  const auto parsed = parse_yaml(kUrl);
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  const auto& c = *parsed.config;
  CHECK(c.url == "https://reports.council.example/api/v1/ld-placements");
  CHECK(c.method == "GET");
  CHECK(c.body.empty());
  CHECK(c.headers.empty());
  CHECK(c.records.empty());
  CHECK(c.pagination == Pagination::None);
  CHECK(c.max_pages == 10000);
  CHECK(c.http.timeout == std::chrono::seconds(30));
  CHECK(c.http.retries == 3);
  CHECK(c.http.auth.kind == http::HttpAuth::Kind::None);
  CHECK_FALSE(c.http.ca_bundle.has_value());
}

TEST_CASE("http_json config: every key", "[unit][http_json]") {
  ::setenv("ATPIPE_TEST_LA_TOKEN", "tok-123", 1);
  const auto parsed = parse_yaml(kUrl + R"(method: POST
body: '{"ward": "oak"}'
headers: { X-Api-Version: "2", X-Token: "${ATPIPE_TEST_LA_TOKEN}" }
records: /data
pagination: { type: offset, offset_param: skip, limit_param: take, limit: 250 }
max_pages: 50
auth: { bearer: "${ATPIPE_TEST_LA_TOKEN}" }
client_cert: certs/client.pem
client_key: certs/client.key
ca_bundle: /etc/ssl/council-ca.pem
timeout_seconds: 10
retries: 0
mapping: { nhs_number: /person/nhsNumber, date_of_birth: { column: /person/dob } }
)");
  ::unsetenv("ATPIPE_TEST_LA_TOKEN");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  const auto& c = *parsed.config;
  CHECK(c.method == "POST");
  CHECK(c.body == R"({"ward": "oak"})");
  CHECK(c.headers == http::Headers{{"X-Api-Version", "2"}, {"X-Token", "tok-123"}});
  CHECK(c.records == "/data");
  CHECK(c.pagination == Pagination::Offset);
  CHECK(c.offset_param == "skip");
  CHECK(c.limit_param == "take");
  CHECK(c.limit == 250);
  CHECK(c.max_pages == 50);
  CHECK(c.http.auth.kind == http::HttpAuth::Kind::Bearer);
  CHECK(c.http.auth.token == "tok-123");
  CHECK(c.http.client_cert == std::filesystem::path("/etc/atpipe/certs/client.pem"));
  CHECK(c.http.client_key == std::filesystem::path("/etc/atpipe/certs/client.key"));
  CHECK(c.http.ca_bundle == std::filesystem::path("/etc/ssl/council-ca.pem"));
  CHECK(c.http.timeout == std::chrono::seconds(10));
  CHECK(c.http.retries == 0);
}

TEST_CASE("http_json config: basic auth with a password from a file", "[unit][http_json]") {
  const auto secret = std::filesystem::temp_directory_path() / "atpipe_http_json_test_pw";
  std::ofstream(secret) << "pa55word\n";
  const auto parsed = parse_yaml(kUrl + "auth: { basic: { username: la_reader, password: \"file:" +
                                 secret.string() + "\" } }\n");
  std::filesystem::remove(secret);
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->http.auth.kind == http::HttpAuth::Kind::Basic);
  CHECK(parsed.config->http.auth.username == "la_reader");
  CHECK(parsed.config->http.auth.password == "pa55word");
}

TEST_CASE("http_json config: url must be http(s) without credentials", "[unit][http_json]") {
  CHECK(only_error("url: ftp://files.example/x\n") ==
        kAt +
            "1:6: error: 'url' in source 'la' must be an http:// or https:// URL, but its "
            "scheme 'ftp' is not http or https");
  CHECK(only_error("url: https://user:pw@api.example/x\n") ==
        kAt +
            "1:6: error: 'url' in source 'la' must be an http:// or https:// URL, but it has "
            "a user name or password in it; give credentials under 'auth'");
  CHECK(only_error("url: not a url\n") ==
        kAt +
            "1:6: error: 'url' in source 'la' must be an http:// or https:// URL, but it is "
            "not a valid absolute URL");
  CHECK(only_error("method: GET\n") ==
        kAt + "1:1: error: missing required key 'url' in source 'la'");
}

TEST_CASE("http_json config: pagination cross-checks", "[unit][http_json]") {
  CHECK(only_error(kUrl + "pagination: { type: next_link }\n") ==
        kAt +
            "2:13: error: 'next' in 'pagination' in source 'la' is required when 'type' is "
            "next_link");
  CHECK(only_error(kUrl + "pagination: { type: cursor }\n") ==
        kAt +
            "2:13: error: 'cursor' in 'pagination' in source 'la' is required when 'type' is "
            "cursor");
  CHECK(only_error(kUrl + "pagination: { type: offset, next: /links/next }\n") ==
        kAt +
            "2:35: error: 'next' in 'pagination' in source 'la' is only used when 'type' is "
            "next_link, not offset");
  CHECK(only_error(kUrl + "pagination: { type: next_link, next: /n, limit: 5 }\n") ==
        kAt +
            "2:49: error: 'limit' in 'pagination' in source 'la' is only used when 'type' is "
            "offset, not next_link");
  CHECK(only_error(kUrl + "pagination: { type: next_link, next: links.next }\n") ==
        kAt +
            "2:38: error: 'next' in 'pagination' in source 'la' must be a JSON Pointer such "
            "as '/links/next', got 'links.next'");
  CHECK(only_error(kUrl + "pagination: { type: offset, limit: 0 }\n") ==
        kAt + "2:36: error: 'limit' in 'pagination' in source 'la' must be 1 to 100000, got 0");
  CHECK(only_error(kUrl + "pagination: { type: offset, offset_param: n, limit_param: n }\n") ==
        kAt +
            "2:59: error: 'limit_param' in 'pagination' in source 'la' must differ from "
            "'offset_param'");
  CHECK(only_error(kUrl + "pagination: { type: pages }\n") ==
        kAt +
            "2:21: error: 'type' in 'pagination' in source 'la' must be 'none', 'next_link', "
            "'offset' or 'cursor', got 'pages'");
  CHECK(only_error(kUrl + "pagination: { next: /n }\n") ==
        kAt + "2:13: error: missing required key 'type' in 'pagination' in source 'la'");
  const auto cursor = parse_yaml(kUrl + "pagination: { type: cursor, cursor: /meta/next }\n");
  REQUIRE(cursor.config != nullptr);
  CHECK(cursor.config->cursor == "/meta/next");
  CHECK(cursor.config->cursor_param == "cursor");
}

TEST_CASE("http_json config: other cross-checks", "[unit][http_json]") {
  CHECK(only_error(kUrl + "body: '{}'\n") ==
        kAt + "2:7: error: 'body' in source 'la' is only used when 'method' is POST");
  CHECK(only_error(kUrl + "method: PUT\n") ==
        kAt + "2:9: error: 'method' in source 'la' must be 'GET' or 'POST', got 'PUT'");
  CHECK(only_error(kUrl + "records: data\n") ==
        kAt +
            "2:10: error: 'records' in source 'la' must be a JSON Pointer such as '/data', got "
            "'data'");
  CHECK(only_error(kUrl + "max_pages: 0\n") ==
        kAt + "2:12: error: 'max_pages' in source 'la' must be 1 to 1000000, got 0");
  CHECK(only_error(kUrl + "timeout_seconds: 0\n") ==
        kAt + "2:18: error: 'timeout_seconds' in source 'la' must be 1 to 3600, got 0");
  CHECK(only_error(kUrl + "retries: 11\n") ==
        kAt + "2:10: error: 'retries' in source 'la' must be 0 to 10, got 11");
  CHECK(only_error(kUrl + "client_cert: /c.pem\n") ==
        kAt + "2:14: error: 'client_cert' in source 'la' needs 'client_key' as well");
  CHECK(only_error(kUrl + "client_key: /c.key\n") ==
        kAt + "2:13: error: 'client_key' in source 'la' needs 'client_cert' as well");
  CHECK(only_error(kUrl + "insecure_skip_verify: true\n", false)
            .find("unknown key 'insecure_skip_verify' in source 'la'") != std::string::npos);
  CHECK(only_error(kUrl + "headers: { X-A: '1', X-A: '2' }\n") ==
        kAt + "2:22: error: 'X-A' given twice in 'headers' in source 'la'");
  CHECK(only_error(kUrl + "headers: { 'X A': '1' }\n") ==
        kAt +
            "2:12: error: name 'X A' in 'headers' in source 'la' cannot contain ':', spaces or "
            "line breaks");
}

TEST_CASE("http_json config: auth cross-checks", "[unit][http_json]") {
  CHECK(only_error(kUrl + "auth: {}\n") ==
        kAt + "2:7: error: 'auth' in source 'la' needs exactly one of 'bearer' or 'basic'");
  CHECK(only_error(kUrl + "auth: { bearer: x, basic: { username: u, password: p } }\n") ==
        kAt + "2:7: error: 'auth' in source 'la' needs exactly one of 'bearer' or 'basic'");
  CHECK(only_error(kUrl + "auth: { basic: { username: u } }\n") ==
        kAt + "2:16: error: missing required key 'password' in 'basic' in 'auth' in source 'la'");
  CHECK(parse_yaml(kUrl + "auth: { token: x }\n").errors ==
        std::vector<std::string>{
            kAt + "2:9: error: unknown key 'token' in 'auth' in source 'la' (allowed: basic, "
                  "bearer)",
            kAt + "2:7: error: 'auth' in source 'la' needs exactly one of 'bearer' or 'basic'"});
  CHECK(only_error(kUrl + "auth: { bearer: '' }\n") ==
        kAt + "2:17: error: 'bearer' in 'auth' in source 'la' is empty");
  ::unsetenv("ATPIPE_TEST_UNSET_TOKEN");
  const auto unset = only_error(kUrl + "auth: { bearer: \"${ATPIPE_TEST_UNSET_TOKEN}\" }\n");
  CHECK_THAT(unset, Catch::StartsWith(kAt + "2:17: error: ") &&
                        Catch::Contains("ATPIPE_TEST_UNSET_TOKEN"));
}

TEST_CASE("http_json config: mapping columns must be JSON Pointers", "[unit][http_json]") {
  CHECK(only_error(kUrl + "mapping:\n  nhs_number: person/nhsNumber\n") ==
        kAt +
            "3:15: error: field 'nhs_number' of source 'la' must name a JSON Pointer into each "
            "record, such as '/person/nhsNumber', got 'person/nhsNumber'");
  CHECK(only_error(kUrl + "mapping:\n  surname: { column: name }\n") ==
        kAt +
            "3:22: error: field 'surname' of source 'la' must name a JSON Pointer into each "
            "record, such as '/name', got 'name'");
  CHECK(parse_yaml(kUrl + "mapping: { provider_code: { value: RP1 }, surname: '/a~1b/0' }\n")
            .errors.empty());
}

}  // namespace atpipe::connectors::http_json
