#include <catch2/catch.hpp>

#include <string>

#include "connectors/common/http/http_url.hpp"
#include "connectors/common/http/json_support.hpp"

namespace atpipe::connectors::http {

TEST_CASE("http url: redaction drops credentials, query and fragment", "[unit][http_json]") {
  CHECK(redact_url("https://user:pw@api.example:8443/v1/x?api_key=s3cret&a=1#top") ==
        "https://api.example:8443/v1/x");
  CHECK(redact_url("http://127.0.0.1:8080/p") == "http://127.0.0.1:8080/p");
  // Even a URL libcurl cannot parse leaks nothing.
  CHECK(redact_url("https://u:p@bad host/x?k=v") == "https://bad host/x");
}

TEST_CASE("http url: query parameters are appended and encoded", "[unit][http_json]") {
  CHECK(with_query("https://api.example/p", "offset", "0") == "https://api.example/p?offset=0");
  CHECK(with_query("https://api.example/p?ward=oak", "cursor", "a b&c") ==
        "https://api.example/p?ward=oak&cursor=a+b%26c");
}

TEST_CASE("http url: links resolve against the page they came from", "[unit][http_json]") {
  const std::string base = "https://api.example/v1/people?page=1";
  CHECK(resolve_url(base, "/v1/people?page=2") == "https://api.example/v1/people?page=2");
  CHECK(resolve_url(base, "?page=3") == "https://api.example/v1/people?page=3");
  CHECK(resolve_url(base, "https://other.example/x") == "https://other.example/x");
}

TEST_CASE("http url: check_url", "[unit][http_json]") {
  std::string problem;
  CHECK(check_url("https://api.example/x", problem));
  CHECK(check_url("http://127.0.0.1:1/x", problem));
  CHECK_FALSE(check_url("file:///etc/passwd", problem));
  CHECK(problem == "its scheme 'file' is not http or https");
}

TEST_CASE("json support: pointers", "[unit][http_json]") {
  CHECK(valid_pointer(""));
  CHECK(valid_pointer("/a/0/b~1c"));
  CHECK_FALSE(valid_pointer("a/b"));
  CHECK_FALSE(valid_pointer("#/a"));
  CHECK_FALSE(valid_pointer("/a~2"));
}

}  // namespace atpipe::connectors::http
