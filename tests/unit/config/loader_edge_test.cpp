#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

using Errors = std::vector<std::string>;

// A factory that refuses every config without saying why: the loader must not then
// produce a source with no connector settings.
class SilentRefusalFactory final : public SourceFactory {
 public:
  // SourceFactory
  [[nodiscard]] std::string_view type() const override { return "silent"; }
  [[nodiscard]] std::string_view summary() const override { return "refuses silently"; }
  [[nodiscard]] const KeyTable& keys() const override {
    static const KeyTable table;
    return table;
  }
  [[nodiscard]] ConnectorConfigPtr parse(const NodeReader&) const override { return nullptr; }
  [[nodiscard]] core::Expected<core::SourcePtr> create(const SourceSpec&) const override {
    return core::fail(core::ErrorCode::Internal, "unused");
  }
};

}  // namespace

TEST_CASE("duplicates and shapes inside sources, mappings and code maps", "[unit][config]") {
  Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
outputs: { directory: out, rejects: "rejects_{run_id" }
code_maps:
  mha: { S2: "02", S2: "03", S3: [x] }
sources:
  la:
    path: la.csv
    mapping:
      local_id: id
      nhs_number: nhs
      local_id: other
      surname:
  la:
    type: csv
  census: text
)");
  CHECK(l.errors() ==
        Errors{
            l.at(4, 37, "unmatched '{' in 'rejects' of outputs"),
            l.at(6, 20, "code 'S2' given twice in code map 'mha' (first at line 6)"),
            l.at(6, 34, "entries of code map 'mha' must be plain codes, got a list"),
            l.at(9, 5, "missing required key 'type' in source 'la'"),
            l.at(13, 7, "field 'local_id' mapped twice in source 'la' (first at line 11)"),
            l.at(14, 7,
                 "field 'surname' of source 'la' must be a column name or a mapping, "
                 "got nothing"),
            l.at(15, 3, "source 'la' given twice (first at line 8)"),
            l.at(17, 11, "source 'census' must be a mapping, got 'text'"),
        });
}

TEST_CASE("sources must not be empty", "[unit][config]") {
  Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
outputs: { directory: out }
sources: {}
)");
  CHECK(l.errors() == Errors{l.at(5, 10, "'sources' must list at least one source")});
}

TEST_CASE("a factory that refuses without a reason still fails the load", "[unit][config]") {
  SourceRegistry registry = test_registry();
  REQUIRE(registry.add(std::make_shared<const SilentRefusalFactory>()));
  Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
outputs: { directory: out }
sources:
  la: { type: silent, mapping: { local_id: id, nhs_number: nhs } }
)",
           registry);
  CHECK(l.errors() ==
        Errors{l.at(6, 7, "source type 'silent' refused the settings of source 'la'")});
  CHECK(l.result.config == nullptr);
}

TEST_CASE("an empty registry says so when a type is unknown", "[unit][config]") {
  const SourceRegistry empty;
  Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
outputs: { directory: out }
sources:
  la: { type: csv, path: x, mapping: { local_id: id, nhs_number: nhs } }
)",
           empty);
  CHECK(l.errors() ==
        Errors{l.at(6, 15, "unknown source type 'csv' (known types: none are registered)")});
}

namespace {

std::string config_with_outputs(const std::string& outputs) {
  return R"(version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: id, nhs_number: nhs }
outputs:
  directory: out
)" + outputs;
}

}  // namespace

TEST_CASE("the query list can be asked for in several formats and per owner", "[unit][config]") {
  Loaded l(config_with_outputs(R"(  queries:
    name: "q_{period}"
    formats: [csv, xlsx, html]
    per_owner: true
)"));
  REQUIRE(l.errors().empty());
  const auto& out = l.result.config->outputs;
  CHECK(out.queries_name == "q_{period}");
  CHECK(out.query_formats == std::vector<std::string>{"csv", "xlsx", "html"});
  CHECK(out.queries_per_owner);
}

TEST_CASE("an unknown query list format is refused with its position", "[unit][config]") {
  Loaded l(config_with_outputs("  queries: { formats: [csv, pdf] }\n"));
  CHECK(l.errors() ==
        Errors{l.at(11, 23, "unknown query list format 'pdf' (allowed: csv, xlsx, html)")});
}

}  // namespace atpipe::config::test
