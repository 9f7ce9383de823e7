#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/source_registry.hpp"
#include "connectors/fhir/fhir_config.hpp"

namespace atpipe::connectors::fhir {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";
const std::string kAt = "/etc/atpipe/atpipe.yaml:";
const std::string kBase = "base_url: https://fhir.trust.example/R4/\n";

const config::SourceFactory& factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* found = registry->find("fhir");
  REQUIRE(found != nullptr);
  return *found;
}

struct Parsed {
  std::shared_ptr<const FhirConfig> config;
  std::vector<std::string> errors;
};

// Runs the factory's parse() the way the loader does, with the common `mapping` key added so
// that the column check can see it.
Parsed parse_yaml(const std::string& yaml) {
  config::Diagnostics diag;
  auto table = factory().keys();
  table.push_back({"mapping", config::KeyType::Map, false, "", {}, "mapping"});
  config::NodeReader reader(YAML::Load(yaml), table, "source 'trust'", diag, kConfigFile);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const FhirConfig>(factory().parse(reader));
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

TEST_CASE("fhir config: the factory is registered with its key table", "[unit][fhir]") {
  CHECK(factory().type() == "fhir");
  std::vector<std::string> names;
  for (const auto& key : factory().keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"base_url", "resource", "params", "nhs_number_system",
                                          "max_pages", "auth", "client_cert", "client_key",
                                          "ca_bundle", "timeout_seconds", "retries"});
}

TEST_CASE("fhir config: defaults", "[unit][fhir]") {
  const auto parsed = parse_yaml(kBase);
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->base_url == "https://fhir.trust.example/R4");  // trailing '/' dropped
  CHECK(parsed.config->resource == Resource::Encounter);
  CHECK(parsed.config->params.empty());
  CHECK(parsed.config->nhs_number_system == "https://fhir.nhs.uk/Id/nhs-number");
  CHECK(parsed.config->max_pages == 10000);
  CHECK(parsed.config->http.retries == 3);
}

TEST_CASE("fhir config: every key", "[unit][fhir]") {
  const auto parsed = parse_yaml(kBase + R"(resource: Patient
params: { organization: RP1, "name:exact": Quill, _count: "100" }
nhs_number_system: https://fhir.example/Id/nhs
max_pages: 20
auth: { basic: { username: atpipe, password: pw } }
ca_bundle: /etc/atpipe/trust-ca.pem
timeout_seconds: 60
retries: 1
mapping: { local_id: patient_id, nhs_number: nhs_number, date_of_birth: { column: birth_date } }
)");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  const auto& c = *parsed.config;
  CHECK(c.resource == Resource::Patient);
  CHECK(c.params == std::vector<std::pair<std::string, std::string>>{
                        {"organization", "RP1"}, {"name:exact", "Quill"}, {"_count", "100"}});
  CHECK(c.nhs_number_system == "https://fhir.example/Id/nhs");
  CHECK(c.max_pages == 20);
  CHECK(c.http.auth.kind == http::HttpAuth::Kind::Basic);
  CHECK(c.http.ca_bundle == std::filesystem::path("/etc/atpipe/trust-ca.pem"));
  CHECK(c.http.timeout == std::chrono::seconds(60));
  CHECK(c.http.retries == 1);
}

TEST_CASE("fhir config: cross-checks", "[unit][fhir]") {
  CHECK(only_error("resource: Encounter\n") ==
        kAt + "1:1: error: missing required key 'base_url' in source 'trust'");
  CHECK(only_error("base_url: https://fhir.example/R4?_format=json\n") ==
        kAt +
            "1:11: error: 'base_url' in source 'trust' cannot have a query; put search "
            "parameters under 'params'");
  CHECK(only_error(kBase + "resource: Observation\n") ==
        kAt +
            "2:11: error: 'resource' in source 'trust' must be 'Encounter' or 'Patient', got "
            "'Observation'");
  CHECK(only_error(kBase + "nhs_number_system: ''\n") ==
        kAt + "2:20: error: 'nhs_number_system' in source 'trust' cannot be empty");
  CHECK(only_error(kBase + "params: { 'a&b': x }\n") ==
        kAt +
            "2:11: error: name 'a&b' in 'params' in source 'trust' cannot contain '&', '=', "
            "'#', spaces or line breaks");
  CHECK(only_error(kBase + "max_pages: 0\n") ==
        kAt + "2:12: error: 'max_pages' in source 'trust' must be 1 to 1000000, got 0");
}

TEST_CASE("fhir config: the mapping names the connector's columns", "[unit][fhir]") {
  CHECK(only_error(kBase + "mapping:\n  nhs_number: \"NHS Number\"\n") ==
        kAt +
            "3:15: error: field 'nhs_number' of source 'trust' maps column 'NHS Number', which "
            "a fhir Encounter source does not give (columns: encounter_id, nhs_number, "
            "surname, forename, birth_date, gender, postcode, admission_date, discharge_date, "
            "admit_source, discharge_disposition, provider)");
  CHECK(only_error(kBase + "resource: Patient\nmapping:\n  admission_date: { column: "
                           "admission_date }\n") ==
        kAt +
            "4:29: error: field 'admission_date' of source 'trust' maps column "
            "'admission_date', which a fhir Patient source does not give (columns: "
            "patient_id, nhs_number, surname, forename, birth_date, gender, postcode)");
  CHECK(parse_yaml(kBase + "mapping: { local_id: encounter_id, provider_code: { value: RP1 } }\n")
            .errors.empty());
}

}  // namespace atpipe::connectors::fhir
