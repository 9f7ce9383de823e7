#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/source_registry.hpp"
#include "connectors/postgres/postgres_config.hpp"

namespace atpipe::connectors::postgres {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";

const config::SourceFactory& postgres_factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* factory = registry->find("postgres");
  REQUIRE(factory != nullptr);
  return *factory;
}

struct Parsed {
  std::shared_ptr<const PostgresConfig> config;
  std::vector<std::string> errors;
};

// Runs the factory's parse() the way the loader does: a reader over the source's mapping.
Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  const auto& factory = postgres_factory();
  config::NodeReader reader(YAML::Load(yaml), factory.keys(), "source 'register'", diag,
                            kConfigFile);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const PostgresConfig>(factory.parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

std::string only_error(const std::string& yaml) {
  const auto parsed = parse_yaml(yaml);
  CHECK(parsed.config == nullptr);
  REQUIRE(parsed.errors.size() == 1);
  return parsed.errors[0];
}

}  // namespace

TEST_CASE("postgres config: the factory is registered with its key table", "[unit][postgres]") {
  const auto& factory = postgres_factory();
  CHECK(factory.type() == "postgres");
  std::vector<std::string> names;
  for (const auto& key : factory.keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"dsn", "query", "params", "connect_timeout_seconds"});
}

TEST_CASE("postgres config: a full config", "[unit][postgres]") {
  const auto parsed = parse_yaml(
      "dsn: 'host=db.icb.example port=5433 dbname=register user=atpipe password=s3cret'\n"
      "query: select nhs_number from register where updated_at <= $1 and flag = $2\n"
      "params: [cut, Y]\n");
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->target == "postgres:db.icb.example:5433/register");
  CHECK(parsed.config->connect_timeout_seconds == 15);
  REQUIRE(parsed.config->query.params.size() == 2);
  CHECK(parsed.config->query.params[0].kind == sql::SqlParam::Kind::Cut);
  CHECK(parsed.config->query.params[1].kind == sql::SqlParam::Kind::Text);
  CHECK(parsed.config->query.params[1].text == "Y");
}

TEST_CASE("postgres config: the provenance never carries the password", "[unit][postgres]") {
  CHECK(postgres_target("postgresql://atpipe:s3cret@db.icb.example/register") ==
        "postgres:db.icb.example/register");
  CHECK(postgres_target("user=atpipe password=s3cret") == "postgres:localhost/atpipe");
  CHECK(postgres_target("host=") == "postgres:localhost/");
  CHECK_FALSE(postgres_target("host = 'unterminated").has_value());
}

TEST_CASE("postgres config: the cut is bound as an ISO date", "[unit][postgres]") {
  core::PullContext ctx;
  ctx.cut = date::year{2024} / 3 / 31;
  CHECK(sql::param_text({sql::SqlParam::Kind::Cut, ""}, ctx) == "2024-03-31");
  CHECK(sql::param_text({sql::SqlParam::Kind::Text, "cut-off"}, ctx) == "cut-off");
}

TEST_CASE("postgres config: errors", "[unit][postgres]") {
  CHECK(only_error("query: select 1\n") ==
        "/etc/atpipe/atpipe.yaml:1:1: error: missing required key 'dsn' in source 'register'");
  CHECK(only_error("dsn: host=x\nquery: ' '\n") ==
        "/etc/atpipe/atpipe.yaml:2:8: error: 'query' in source 'register' cannot be empty");
  CHECK(only_error("dsn: \"host='x password=s3cret\"\nquery: select 1\n") ==
        "/etc/atpipe/atpipe.yaml:1:6: error: 'dsn' in source 'register' is not a libpq "
        "connection string (host=… dbname=… user=…) or a postgresql:// URI");
  CHECK(only_error("dsn: host=x\nquery: select 1\nconnect_timeout_seconds: 0\n") ==
        "/etc/atpipe/atpipe.yaml:3:26: error: 'connect_timeout_seconds' in source 'register' "
        "must be 1 or more, got 0");
}

}  // namespace atpipe::connectors::postgres
