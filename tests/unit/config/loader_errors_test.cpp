#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config_fixture.hpp"

namespace atpipe::config::test {
namespace {

// A valid config of 14 lines; tests append lines after it, so line 15 is the first added
// one. Indented 4 spaces an added line belongs to source 'la', 6 spaces to its mapping.
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
    mapping:
      local_id: "Patient ID"
      nhs_number: "NHS Number"
)";

using Errors = std::vector<std::string>;

}  // namespace

TEST_CASE("the base config used by these tests is valid", "[unit][config]") {
  Loaded l(kBase);
  CHECK(l.errors().empty());
  CHECK(l.result.ok());
}

TEST_CASE("unknown top-level key is refused with a suggestion", "[unit][config]") {
  Loaded l(kBase + "outputz: {}\n");
  CHECK(l.errors() ==
        Errors{l.at(15, 1,
                    "unknown top-level key 'outputz', did you mean 'outputs'? "
                    "(allowed: code_lists, code_maps, merge, organisation, outputs, reconcile, "
                    "reference, schedule, sources, state, status, submission, version)")});
  CHECK(l.result.config == nullptr);
}

TEST_CASE("unknown source key lists the allowed keys and suggests the closest", "[unit][config]") {
  Loaded l(kBase + "    pathh: x.csv\n");
  CHECK(
      l.errors() ==
      Errors{l.at(15, 5,
                  "unknown key 'pathh' in source 'la', did you mean 'path'? "
                  "(allowed: encoding, mapping, max_field_length, path, precedence, role, type)")});
}

TEST_CASE("a key given twice is refused", "[unit][config]") {
  Loaded l(kBase + "    path: other.csv\n");
  CHECK(l.errors() ==
        Errors{l.at(15, 5, "key 'path' given twice in source 'la' (first at line 11)")});
}

TEST_CASE("a missing required key is reported at its parent mapping", "[unit][config]") {
  Loaded source(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
outputs: { directory: out }
sources:
  la:
    type: csv
    mapping: { local_id: id, nhs_number: nhs }
)");
  CHECK(source.errors() == Errors{source.at(7, 5, "missing required key 'path' in source 'la'")});

  Loaded top(R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
sources:
  la: { type: csv, path: la.csv, mapping: { local_id: id, nhs_number: nhs } }
)");
  CHECK(top.errors() == Errors{top.at(1, 1, "missing required top-level key 'outputs'")});
}

TEST_CASE("a string where an integer is needed is refused", "[unit][config]") {
  Loaded l("version: one" + kBase.substr(kBase.find('\n')));
  CHECK(l.errors() == Errors{l.at(1, 10, "'version' must be an integer, got 'one'")});

  Loaded v2("version: 2" + kBase.substr(kBase.find('\n')));
  CHECK(v2.errors() ==
        Errors{v2.at(1, 10, "unsupported config version 2; this atpipe reads version 1")});
}

TEST_CASE("a value outside an enum lists the choices", "[unit][config]") {
  Loaded l(kBase + "    role: foo\n");
  CHECK(l.errors() ==
        Errors{l.at(15, 11, "'role' in source 'la' must be 'at' or 'census', got 'foo'")});
}

TEST_CASE("an unknown source type lists the registered types, and only that", "[unit][config]") {
  std::string yaml = kBase;
  yaml.replace(yaml.find("type: csv"), 9, "type: sftpx");
  Loaded l(yaml);
  CHECK(l.errors() ==
        Errors{l.at(10, 11, "unknown source type 'sftpx' (known types: csv, http_json)")});
}

TEST_CASE("mapping keys must be canonical field names", "[unit][config]") {
  Loaded l(kBase + "      postcode: PC\n      surnme: Surname\n");
  const std::string hint = "('atpipe fields' lists the 64 canonical fields)";
  CHECK(
      l.errors() ==
      Errors{
          l.at(15, 7, "unknown field 'postcode' in mapping of source 'la' " + hint),
          l.at(16, 7,
               "unknown field 'surnme' in mapping of source 'la', did you mean 'surname'? " + hint),
      });
}

TEST_CASE("codes must name a defined code map", "[unit][config]") {
  Loaded none(kBase + "      mha_legal_status: { column: MHA, codes: mha }\n");
  CHECK(none.errors() ==
        Errors{none.at(15, 47, "code map 'mha' is not defined in code_maps (code_maps is empty)")});

  Loaded some(kBase + "      mha_legal_status: { column: MHA, codes: mha }\n" +
              "code_maps:\n  mha_local: { S2: '02' }\n  other: {}\n");
  CHECK(some.errors() == Errors{some.at(15, 47,
                                        "code map 'mha' is not defined in code_maps (defined: "
                                        "mha_local, other)")});
}

TEST_CASE("a date field mapped from a column needs a format", "[unit][config]") {
  Loaded l(kBase + "      date_of_birth: DOB\n      admission_date: { column: Admitted }\n" +
           "      discharge_date: { column: Left, formats: ['%d/%m/%Y', '%Y-%m-%d'] }\n");
  CHECK(l.errors() == Errors{
                          l.at(15, 22,
                               "date field 'date_of_birth' of source 'la' needs 'format' "
                               "or 'formats'"),
                          l.at(16, 23,
                               "date field 'admission_date' of source 'la' needs "
                               "'format' or 'formats'"),
                      });
}

TEST_CASE("format is only for date fields; column and value exclude each other", "[unit][config]") {
  Loaded l(kBase + "      surname: { column: Surname, format: '%Y' }\n" +
           "      provider_code: { column: Prov, value: RP1 }\n" +
           "      forename: { transform: [upper, title] }\n");
  CHECK(
      l.errors() ==
      Errors{
          l.at(15, 43,
               "'format' in field 'surname' of source 'la' is only allowed for date "
               "fields"),
          l.at(16, 22, "field 'provider_code' of source 'la' takes 'column' or 'value', not both"),
          l.at(17, 17, "field 'forename' of source 'la' needs 'column' or 'value'"),
          l.at(17, 30,
               "unknown transform 'title' in field 'forename' of source 'la' (allowed: "
               "lower, upper)"),
      });
}

TEST_CASE("an unset environment variable is reported at its value", "[unit][config]") {
  ::unsetenv("ATPIPE_TEST_UNSET_VAR");
  std::string yaml = kBase;
  yaml.replace(yaml.find("la.csv"), 6, "${ATPIPE_TEST_UNSET_VAR}");
  Loaded l(yaml);
  CHECK(l.errors() ==
        Errors{l.at(11, 11, "environment variable 'ATPIPE_TEST_UNSET_VAR' is not set")});
  CHECK(l.result.config == nullptr);
}

TEST_CASE("the later steps' sections are read, and a wrong shape is an error at its place",
          "[unit][config]") {
  Loaded l(kBase + "schedule:\n  cut: month-end\nsubmission: [x]\nstatus: [y]\n");
  CHECK(l.errors() == Errors{
                          l.at(17, 13, "'submission' must be a mapping, got a list"),
                          l.at(18, 9, "'status' must be a mapping, got a list"),
                      });
}

TEST_CASE("source-level checks: names, precedence, required mappings, role at", "[unit][config]") {
  Loaded l(R"(
version: 1
organisation: { commissioner: qpm }
state: { sqlite: state.db }
outputs: { directory: out, return: "AT_{commisioner}.csv" }
sources:
  Ward-Census:
    type: csv
    role: census
    path: census.csv
    precedence: 0
    mapping: { surname: Surname }
)");
  CHECK(l.errors() ==
        Errors{
            l.at(2, 31,
                 "'commissioner' in organisation must be an ODS commissioner code (3 or "
                 "5 upper-case letters or digits), got 'qpm'"),
            l.at(4, 36,
                 "unknown placeholder '{commisioner}' in 'return' of outputs (allowed: "
                 "{commissioner}, {period}, {run_id})"),
            l.at(6, 3,
                 "source name 'Ward-Census' must start with a lower-case letter and hold "
                 "only a-z, 0-9 and '_'"),
            l.at(6, 3, "no source has role 'at'; at least one is needed"),
            l.at(10, 17, "'precedence' in source 'Ward-Census' must be 1 or more, got 0"),
        });
}

TEST_CASE("an AT source must map local_id and nhs_number", "[unit][config]") {
  std::string yaml = kBase;
  yaml.replace(yaml.find("      local_id"),
               yaml.find("      nhs_number") - yaml.find("      local_id"), "");
  Loaded l(yaml);
  CHECK(l.errors() == Errors{l.at(13, 7, "source 'la' must map 'local_id'")});
}

TEST_CASE("several errors are all reported, in file order", "[unit][config]") {
  Loaded l(R"(
version: "1.0"
organisation:
  name: Example
state:
  sqlite: state.db
  postgres: x
outputs:
  directory: out
sources:
  la:
    type: csv
    path: la.csv
    encoding: latin-1
    mapping:
      local_id: id
      nhs_number: nhs
      date_of_birth: { column: DOB, codes: nope }
reconcile:
  compare: [surname, shoe_size]
)");
  const Errors errors = l.errors();
  REQUIRE(errors.size() == 7);
  CHECK(errors == Errors{
                      l.at(1, 10, "'version' must be an integer, got '1.0'"),
                      l.at(3, 3, "missing required key 'commissioner' in organisation"),
                      l.at(6, 3, "unknown key 'postgres' in state (allowed: sqlite)"),
                      l.at(13, 15,
                           "'encoding' in source 'la' must be 'utf-8' or "
                           "'windows-1252', got 'latin-1'"),
                      l.at(17, 22,
                           "date field 'date_of_birth' of source 'la' needs 'format' "
                           "or 'formats'"),
                      l.at(17, 44,
                           "code map 'nope' is not defined in code_maps (code_maps is "
                           "empty)"),
                      l.at(19, 12,
                           "unknown field 'shoe_size' in 'compare' of reconcile ('atpipe "
                           "fields' lists the 64 canonical fields)"),
                  });
  CHECK(l.result.config == nullptr);
}

TEST_CASE("YAML syntax errors give their 1-based position", "[unit][config]") {
  Loaded l("version: 1\nsources: [a, b\nstate: x\n");
  CHECK(l.errors() == Errors{l.at(3, 6, "invalid YAML: end of sequence flow not found")});

  Loaded tab("version: 1\n\tstate: x\n");
  CHECK(tab.errors() ==
        Errors{tab.at(2, 1, "invalid YAML: illegal tab when looking for indentation")});
}

TEST_CASE("file-level problems name the file", "[unit][config]") {
  TempDir dir;
  const auto missing = dir.path() / "nope.yaml";
  const auto result = load_config(missing, test_registry());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].describe() == missing.string() +
                                                ": error: cannot read config file '" +
                                                missing.string() + "': No such file or directory");
  CHECK(result.config == nullptr);

  Loaded empty("# nothing here\n");
  CHECK(empty.errors() == Errors{empty.file.string() + ": error: the config file is empty"});

  Loaded two(kBase + "---\nversion: 1\n");
  CHECK(two.errors() ==
        Errors{two.at(16, 1, "the config file holds 2 YAML documents; atpipe reads one")});

  Loaded list("- a\n- b\n");
  CHECK(list.errors() == Errors{list.at(1, 1, "the config must be a mapping, got a list")});
}

}  // namespace atpipe::config::test
