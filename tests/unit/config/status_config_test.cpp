#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

// A valid config of 12 lines; `status:` is added from line 13.
const std::string kBase = R"(version: 1
organisation:
  commissioner: QPM
state:
  sqlite: state.db
outputs:
  directory: out
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: "Patient ID", nhs_number: "NHS Number" }
)";

using Errors = std::vector<std::string>;

}  // namespace

TEST_CASE("status: defaults to 127.0.0.1:8470 without a token", "[unit][config][status]") {
  Loaded l(kBase);
  REQUIRE(l.result.ok());
  const auto& s = l.result.config->status;
  CHECK_FALSE(s.configured);
  CHECK(s.listen() == "127.0.0.1:8470");
  CHECK_FALSE(s.token_required());
  CHECK_FALSE(s.tls());
}

TEST_CASE("status: a token from the environment or a file is required once given",
          "[unit][config][status]") {
  ::setenv("ATPIPE_TEST_STATUS_TOKEN", "s3cret-token", 1);
  Loaded env(kBase + "status:\n  listen: 0.0.0.0:9000\n  token: \"${ATPIPE_TEST_STATUS_TOKEN}\"\n");
  REQUIRE(env.errors().empty());
  CHECK(env.result.config->status.host == "0.0.0.0");
  CHECK(env.result.config->status.port == 9000);
  CHECK(env.result.config->status.token == std::optional<std::string>("s3cret-token"));
  CHECK(env.result.config->status.token_required());

  Loaded file(kBase + "status:\n  token: file:token.txt\n");
  file.dir.write("token.txt", "from-a-file\n");
  Loaded again(kBase + "status:\n  token: \"file:" + (file.dir.path() / "token.txt").string() +
               "\"\n");
  REQUIRE(again.errors().empty());
  CHECK(again.result.config->status.token == std::optional<std::string>("from-a-file"));
  // On loopback too: a token that is given is always asked for.
  CHECK(again.result.config->status.token_required());
}

TEST_CASE("status: a listen address off loopback without a token is refused at the address",
          "[unit][config][status]") {
  Loaded l(kBase + "status:\n  listen: 10.1.2.3:8470\n");
  CHECK(l.errors() ==
        Errors{l.at(14, 11,
                    "status listens on '10.1.2.3', which is not a loopback address, but has no "
                    "'token': give token: \"${ENV_VAR}\" or token: \"file:/path\"")});
}

TEST_CASE("status: the token itself in the YAML, bad addresses and half TLS are refused",
          "[unit][config][status]") {
  Loaded l(kBase +
           "status:\n  listen: \"localhost:99999\"\n  token: hunter2\n  tls: { cert: a.pem }\n");
  CHECK(l.errors() ==
        Errors{
            l.at(14, 11,
                 "'listen' in status must be HOST:PORT with a port from 1 to 65535 (such as "
                 "127.0.0.1:8470 or [::1]:8470), got 'localhost:99999'"),
            l.at(15, 10,
                 "'token' in status must be a reference, \"${ENV_VAR}\" or \"file:/path\", not the "
                 "token itself"),
            l.at(16, 8, "missing required key 'key' in status.tls"),
            l.at(16, 16,
                 "'cert' in status.tls ('" + (l.dir.path() / "a.pem").string() +
                     "') is not a readable file"),
        });
}

TEST_CASE("status: loopback hosts and listen parsing", "[unit][config][status]") {
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.8.9.10"));
  CHECK(is_loopback_host("::1"));
  CHECK(is_loopback_host("localhost"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
  CHECK_FALSE(is_loopback_host("::"));
  CHECK_FALSE(is_loopback_host("192.168.1.5"));
  CHECK_FALSE(is_loopback_host("example.org"));
  auto v6 = parse_listen("[::1]:8470");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8470);
  CHECK_FALSE(parse_listen("::1:8470"));
  CHECK_FALSE(parse_listen("127.0.0.1"));
  CHECK_FALSE(parse_listen(":8470"));
  CHECK_FALSE(parse_listen("127.0.0.1:80x"));
  CHECK(parse_listen("127.0.0.1:0")->port == 0);
}

}  // namespace atpipe::config::test
