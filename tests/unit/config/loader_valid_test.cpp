#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

const TestConnectorConfig& connector_of(const SourceSpec& source) {
  const auto* config = dynamic_cast<const TestConnectorConfig*>(source.connector.get());
  REQUIRE(config != nullptr);
  return *config;
}

const FieldMapping& mapping_of(const SourceSpec& source, core::Field field) {
  for (const auto& mapping : source.mapping) {
    if (mapping.field == field) {
      return mapping;
    }
  }
  FAIL("field not mapped");
  return source.mapping.front();
}

}  // namespace

TEST_CASE("a full valid config loads into the expected values", "[unit][config]") {
  ScopedEnv inbound("ATPIPE_TEST_INBOUND", "/srv/atpipe/inbound");
  ::unsetenv("ATPIPE_TEST_CENSUS");
  Loaded l(R"(
version: 1
organisation:
  commissioner: QPM
  name: NHS Example ICB
  timezone: Europe/London
state:
  sqlite: state/atpipe.db
sources:
  nhft_inpatients:
    type: csv
    role: at
    path: ${ATPIPE_TEST_INBOUND}/nhft.csv
    encoding: windows-1252
    precedence: 1
    mapping:
      local_id: "Patient ID"
      nhs_number: "NHS Number"
      surname: { column: Surname, transform: upper }
      date_of_birth: { column: DOB, format: "%d/%m/%Y" }
      admission_date: { column: Admitted, formats: ["%d/%m/%Y", "%Y-%m-%d"] }
      provider_code: { value: RP1 }
      mha_legal_status: { column: "MHA Section", codes: mha_local_to_national }
  ward_census:
    type: http_json
    role: census
    path: "${ATPIPE_TEST_CENSUS:-census/today.json}"
    mapping:
      nhs_number: /person/nhsNumber
code_maps:
  mha_local_to_national:
    "S2": "02"
    "S3": "03"
    Informal: "01"
reconcile:
  compare: [nhs_number, surname]
outputs:
  directory: ../out
  return: "AT_{commissioner}_{period}_{run_id}.csv"
)");
  REQUIRE(l.errors().empty());
  REQUIRE(l.result.ok());
  const Config& config = *l.result.config;
  const auto dir = l.dir.path();

  CHECK(config.file == l.file);
  CHECK(config.version == 1);
  CHECK(config.organisation.commissioner == "QPM");
  CHECK(config.organisation.name == "NHS Example ICB");
  CHECK(config.organisation.timezone == "Europe/London");
  CHECK(config.state.sqlite == dir / "state" / "atpipe.db");
  CHECK(config.outputs.directory == (dir.parent_path() / "out"));
  CHECK(config.outputs.return_name == "AT_{commissioner}_{period}_{run_id}.csv");
  CHECK(config.outputs.queries_name == "queries_{commissioner}_{period}");
  CHECK(config.outputs.query_formats == std::vector<std::string>{"csv"});
  CHECK_FALSE(config.outputs.queries_per_owner);
  CHECK(config.outputs.rejects_name == "rejects_{commissioner}_{period}.csv");
  CHECK(config.reconcile.compare ==
        std::vector<core::Field>{core::Field::NhsNumber, core::Field::Surname});

  REQUIRE(config.code_maps.size() == 1);
  const CodeMap& mha = config.code_maps.at("mha_local_to_national");
  CHECK(mha.entries ==
        std::map<std::string, std::string>{{"S2", "02"}, {"S3", "03"}, {"Informal", "01"}});
  CHECK(mha.mark.line == 30);

  REQUIRE(config.sources.size() == 2);
  const SourceSpec& nhft = config.sources[0];
  CHECK(nhft.name == "nhft_inpatients");
  CHECK(nhft.type == "csv");
  CHECK(nhft.role == SourceRole::At);
  CHECK(nhft.precedence == 1);
  CHECK(nhft.mark.line == 9);
  CHECK(nhft.mark.column == 3);
  CHECK(connector_of(nhft).path == "/srv/atpipe/inbound/nhft.csv");
  CHECK(connector_of(nhft).encoding == "windows-1252");
  REQUIRE(nhft.mapping.size() == 7);
  CHECK(nhft.mapping[0].field == core::Field::LocalId);
  CHECK(nhft.mapping[0].column == "Patient ID");
  CHECK(nhft.mapping[0].mark.line == 16);
  CHECK(nhft.mapping[0].mark.column == 7);

  const auto& surname = mapping_of(nhft, core::Field::Surname);
  CHECK(surname.column == "Surname");
  CHECK(surname.transforms == std::vector<std::string>{"upper"});
  const auto& dob = mapping_of(nhft, core::Field::DateOfBirth);
  CHECK(dob.column == "DOB");
  CHECK(dob.formats == std::vector<std::string>{"%d/%m/%Y"});
  CHECK(mapping_of(nhft, core::Field::AdmissionDate).formats ==
        std::vector<std::string>{"%d/%m/%Y", "%Y-%m-%d"});
  const auto& provider = mapping_of(nhft, core::Field::ProviderCode);
  CHECK(provider.column.empty());
  CHECK(provider.constant == "RP1");
  const auto& mha_status = mapping_of(nhft, core::Field::MhaLegalStatus);
  CHECK(mha_status.column == "MHA Section");
  CHECK(mha_status.code_map == "mha_local_to_national");
  CHECK_FALSE(mha_status.constant.has_value());

  const SourceSpec& census = config.sources[1];
  CHECK(census.name == "ward_census");
  CHECK(census.role == SourceRole::Census);
  CHECK(census.precedence == 100);
  CHECK(connector_of(census).path == dir / "census" / "today.json");
  CHECK(connector_of(census).encoding == "utf-8");
  REQUIRE(census.mapping.size() == 1);
  CHECK(census.mapping[0].column == "/person/nhsNumber");

  CHECK(config.find_source("ward_census") == &census);
  CHECK(config.find_source("nope") == nullptr);
}

TEST_CASE("optional sections take their defaults", "[unit][config]") {
  Loaded l(R"(
version: 1
organisation: { commissioner: QPM01 }
state: { sqlite: /var/lib/atpipe/state.db }
sources:
  la: { type: csv, path: la.csv, mapping: { local_id: id, nhs_number: nhs } }
outputs: { directory: /var/lib/atpipe/out }
)");
  REQUIRE(l.errors().empty());
  const Config& config = *l.result.config;
  CHECK(config.organisation.timezone == "Europe/London");
  CHECK(config.organisation.name.empty());
  CHECK(config.state.sqlite == "/var/lib/atpipe/state.db");
  CHECK(config.reconcile.compare == std::vector<core::Field>{core::Field::DateOfBirth,
                                                             core::Field::PostcodeHome,
                                                             core::Field::ProviderCode});
  CHECK(config.outputs.return_name == "AT_{commissioner}_{period}.csv");
  CHECK(config.outputs.return_date_format == "%d/%m/%Y");  // the CAP upload convention
  CHECK(config.merge.field_precedence.empty());
  CHECK(config.reference == nullptr);
  CHECK(config.code_maps.empty());
  REQUIRE(config.sources.size() == 1);
  CHECK(config.sources[0].role == SourceRole::At);
  CHECK(config.sources[0].precedence == 100);
}

TEST_CASE("the return's date coding is chosen by name", "[unit][config]") {
  const std::string base = R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  la: { type: csv, path: la.csv, mapping: { local_id: id, nhs_number: nhs } }
outputs: { directory: out, return_dates: )";
  Loaded iso(base + "yyyy-mm-dd }\n");
  REQUIRE(iso.errors().empty());
  CHECK(iso.result.config->outputs.return_date_format == "%Y-%m-%d");
  Loaded v4(base + "dd-mm-yyyy }\n");
  REQUIRE(v4.errors().empty());
  CHECK(v4.result.config->outputs.return_date_format == "%d-%m-%Y");
  Loaded bad(base + "mm/dd/yyyy }\n");
  REQUIRE(bad.errors().size() == 1);
  CHECK(bad.errors()[0].find("'return_dates' in outputs must be 'dd/mm/yyyy', 'yyyy-mm-dd' or "
                             "'dd-mm-yyyy', got 'mm/dd/yyyy'") != std::string::npos);
}

}  // namespace atpipe::config::test
