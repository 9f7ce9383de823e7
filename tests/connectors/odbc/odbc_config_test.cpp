#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/source_registry.hpp"
#include "connectors/odbc/odbc_config.hpp"
#include "connectors/odbc/odbc_handle.hpp"

namespace atpipe::connectors::odbc {
namespace {

const config::SourceFactory& odbc_factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* factory = registry->find("odbc");
  REQUIRE(factory != nullptr);
  return *factory;
}

struct Parsed {
  std::shared_ptr<const OdbcConfig> config;
  std::vector<std::string> errors;
};

Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  const auto& factory = odbc_factory();
  config::NodeReader reader(YAML::Load(yaml), factory.keys(), "source 'register'", diag,
                            "/etc/atpipe/atpipe.yaml");
  Parsed out;
  out.config = std::dynamic_pointer_cast<const OdbcConfig>(factory.parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

}  // namespace

TEST_CASE("odbc config: the factory is registered with its key table", "[unit][odbc]") {
  const auto& factory = odbc_factory();
  CHECK(factory.type() == "odbc");
  std::vector<std::string> names;
  for (const auto& key : factory.keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"connection_string", "query", "params",
                                          "connect_timeout_seconds"});
}

TEST_CASE("odbc config: a full config and a target without credentials", "[unit][odbc]") {
  const auto parsed = parse_yaml(
      "connection_string: 'Driver={FreeTDS};Server=sql.icb.example;Port=1433;Database=Register;"
      "Uid=atpipe;Pwd={p;w}}d}'\nquery: select 1 where x <= ?\nparams: [cut]\n");
  REQUIRE(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->target == "odbc:sql.icb.example:1433/Register");
  REQUIRE(parsed.config->query.params.size() == 1);
  CHECK(parsed.config->query.params[0].kind == sql::SqlParam::Kind::Cut);

  CHECK(odbc_target("DSN=register;UID=a;PWD=b") == "odbc:register");
  CHECK(odbc_target("server=h;database=d") == "odbc:h/d");
  CHECK_FALSE(odbc_target("Pwd={unclosed").has_value());
  CHECK_FALSE(odbc_target("no pairs here").has_value());
}

TEST_CASE("odbc config: errors", "[unit][odbc]") {
  auto parsed = parse_yaml("connection_string: 'just text'\nquery: select 1\n");
  CHECK(parsed.config == nullptr);
  CHECK(parsed.errors == std::vector<std::string>{
                             "/etc/atpipe/atpipe.yaml:1:20: error: 'connection_string' in source "
                             "'register' is not an ODBC connection string (Key=value pairs "
                             "separated by ';')"});
  parsed = parse_yaml("query: select 1\n");
  CHECK(parsed.errors == std::vector<std::string>{"/etc/atpipe/atpipe.yaml:1:1: error: missing "
                                                  "required key 'connection_string' in source "
                                                  "'register'"});
}

TEST_CASE("odbc: UTF-8 and UTF-16 round trip", "[unit][odbc]") {
  const std::string text = "Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80";
  const auto wide = to_wide(text);
  REQUIRE(wide.back() == 0);
  CHECK(wide.size() == 9);  // Z o ë space € space + surrogate pair + terminator
  CHECK(to_utf8(wide.data(), wide.size() - 1) == text);
}

}  // namespace atpipe::connectors::odbc
