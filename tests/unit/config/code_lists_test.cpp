#include <catch2/catch.hpp>

#include "config/code_lists_loader.hpp"
#include "config_fixture.hpp"
#include "transforms/validate/rules.hpp"

using namespace atpipe;

TEST_CASE("the built-in code lists cover every list for v3 and v4", "[unit][config]") {
  const auto& lists = config::default_code_lists();
  for (const auto& info : core::all_fields()) {
    if (info.code_list.empty()) {
      continue;
    }
    for (const char* version : {"3", "4"}) {
      INFO(info.name << " list " << info.code_list << " v" << version);
      CHECK(lists.has(info.code_list, version));
    }
  }
  CHECK(*lists.contains("ethnic_category", "4", "99"));
  CHECK_FALSE(*lists.contains("ethnic_category", "4", "I"));
  CHECK(*lists.contains("gender", "3", "9"));  // v3 Gender: indeterminate
  CHECK_FALSE(*lists.contains("gender_identity", "4", "9"));
  CHECK(*lists.contains("admission_source", "4", "40"));  // v4 accepts the current DD list
  CHECK_FALSE(*lists.contains("admission_source", "3", "40"));
  CHECK(*lists.contains("mha_legal_status", "4", "37"));
  CHECK_FALSE(lists.contains("mha_legal_status", "5", "03"));  // no such version: nullopt
}

TEST_CASE("code list files are checked with their positions", "[unit][config]") {
  auto bad = config::parse_code_lists("lists:\n  ethnic_category:\n    \"4\": A\n", "cl.yaml");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message() ==
        "cl.yaml:3:10: error: version '4' of code list 'ethnic_category' must be a list of codes");
  CHECK_FALSE(config::parse_code_lists("nothing: here\n", "cl.yaml"));
}

TEST_CASE("a config can bring its own code lists and rules use them", "[unit][config]") {
  config::test::TempDir dir;
  dir.write("lists.yaml", R"(
lists:
  ethnic_category: { "4": [A, T] }
  gender_identity: { "4": ["1", "2"] }
  mha_legal_status: { "4": ["03"] }
  ward_security: { "4": ["1"] }
  lda_category: { "4": ["1"] }
)");
  config::test::Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
code_lists: )" + (dir.path() / "lists.yaml").string() +
                         R"(
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: id, nhs_number: nhs }
outputs: { directory: out }
)");
  REQUIRE(l.errors().empty());
  const auto& lists = *l.result.config->code_lists;
  CHECK(*lists.contains("ethnic_category", "4", "T"));
  // Lists and versions the file does not name stay built in.
  CHECK(*lists.contains("ethnic_category", "3", "A"));
  CHECK_FALSE(*lists.contains("ethnic_category", "3", "T"));
  CHECK(*lists.contains("bed_type", "4", "116"));

  core::Record r;
  r.set(core::Field::LocalId, "x");
  r.set(core::Field::NhsNumber, "9434765919");
  r.set(core::Field::EthnicCategory, "T");
  r.set(core::Field::MhaLegalStatus, "02");
  core::Date d{date::year{2026}, date::October, date::day{31}};
  transforms::validate_record(r, {d, d, config::SourceRole::At, &lists});
  std::vector<std::string> rules;
  for (const auto& f : r.findings) {
    rules.push_back(f.rule);
  }
  // T is allowed by this file; 02 is not.
  CHECK(rules == std::vector<std::string>{"AT-R080"});
}

TEST_CASE("an unreadable code lists file is a config error at its key", "[unit][config]") {
  config::test::Loaded l(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
code_lists: /nonexistent/lists.yaml
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: id, nhs_number: nhs }
outputs: { directory: out }
)");
  CHECK(l.errors() == std::vector<std::string>{
                          l.at(4, 13,
                               "cannot read code lists file '/nonexistent/lists.yaml': No such "
                               "file or directory")});
}
