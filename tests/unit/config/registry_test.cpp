#include <catch2/catch.hpp>

#include "config/source_registry.hpp"

using atpipe::config::SourceRegistry;

// style.md rule 2: a connector can never go missing (a registrar dropped by the linker, a
// folder left out of CMake) without this test failing.
TEST_CASE("the registry holds exactly the source types this build was configured with",
          "[unit][config]") {
  auto registry = SourceRegistry::build();
  REQUIRE(registry);
  std::string names;
  for (const auto& type : registry->types()) {
    names += (names.empty() ? "" : ",") + type;
  }
  CHECK(names == ATPIPE_EXPECTED_SOURCES);
  for (const auto& type : registry->types()) {
    INFO(type);
    CHECK_FALSE(registry->find(type)->keys().empty());
    CHECK_FALSE(registry->find(type)->summary().empty());
  }
}

TEST_CASE("a second factory for a registered type is refused", "[unit][config]") {
  auto registry = SourceRegistry::build();
  REQUIRE(registry);
  auto csv = registry->find("csv");
  REQUIRE(csv != nullptr);
  auto again = SourceRegistry::build();
  REQUIRE(again);
  struct Alias final : atpipe::config::SourceFactory {
    std::string_view type() const override { return "csv"; }
    std::string_view summary() const override { return "duplicate"; }
    const atpipe::config::KeyTable& keys() const override {
      static const atpipe::config::KeyTable table;
      return table;
    }
    atpipe::config::ConnectorConfigPtr parse(const atpipe::config::NodeReader&) const override {
      return nullptr;
    }
    atpipe::core::Expected<atpipe::core::SourcePtr> create(
        const atpipe::config::SourceSpec&) const override {
      return atpipe::core::fail(atpipe::core::ErrorCode::Internal, "unused");
    }
  };
  auto added = again->add(std::make_shared<const Alias>());
  REQUIRE_FALSE(added);
  CHECK(added.error().message() == "source type 'csv' is registered twice");
}
