#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/code_lists_loader.hpp"
#include "config_fixture.hpp"

// What check-config (and so every run) refuses that a run would otherwise trip on: an unknown
// time zone, a date format that reads nothing, a broken code lists file, output names that
// collide or leave outputs.directory, a bad max_field_length.

namespace atpipe::config::test {
namespace {

using Errors = std::vector<std::string>;

// Lines 1-13; `org` goes on line 3, `mapping` on line 10, `top` from line 6, `outputs` after
// line 13 (directory is line 13).
std::string config(const std::string& org = "", const std::string& mapping = "",
                   const std::string& top = "", const std::string& outputs = "") {
  return "version: 1\n"
         "organisation:\n"
         "  commissioner: QPM" +
         org +
         "\n"
         "state:\n"
         "  sqlite: state.db\n" +
         top +
         "sources:\n"
         "  la:\n"
         "    type: csv\n"
         "    path: la.csv\n"
         "    mapping: { local_id: ID, nhs_number: NHS" +
         mapping +
         " }\n"
         "outputs:\n"
         "  directory: out\n" +
         outputs;
}

}  // namespace

TEST_CASE("the base of these tests is valid", "[unit][config]") {
  Loaded l(config());
  CHECK(l.errors().empty());
}

TEST_CASE("an unknown time zone is refused at its value", "[unit][config]") {
  Loaded l(config("\n  timezone: Mars/Olympus"));
  CHECK(l.errors() ==
        Errors{l.at(4, 13,
                    "unknown time zone 'Mars/Olympus' in organisation (an IANA name such as "
                    "Europe/London; the monthly cut is midnight there)")});
  Loaded fine(config("\n  timezone: America/New_York"));
  CHECK(fine.errors().empty());
}

TEST_CASE("a date format that cannot read a date is refused", "[unit][config]") {
  Loaded empty(config("", ", date_of_birth: { column: DOB, format: '' }"));
  CHECK(empty.errors() ==
        Errors{empty.at(10, 85,
                        "date format '' in field 'date_of_birth' of source 'la' cannot be empty")});
  Loaded none(config("", ", date_of_birth: { column: DOB, formats: [] }"));
  CHECK(
      none.errors() ==
      Errors{none.at(10, 86, "'formats' in field 'date_of_birth' of source 'la' lists no format")});
  Loaded no_year(config("", ", admission_date: { column: A, formats: ['%d/%m/%Y', '%d/%m'] }"));
  CHECK(no_year.errors() ==
        Errors{no_year.at(10, 85,
                          "date format '%d/%m' in field 'admission_date' of source 'la' does not "
                          "read a whole date: it needs a day (%d), a month (%m or %b) and a year "
                          "(%Y or %y)")});
  Loaded unknown(config("", ", admission_date: { column: A, format: '%d/%m/%Y %H' }"));
  REQUIRE(unknown.errors().size() == 1);
  CHECK(unknown.errors()[0].find("uses '%H', which atpipe does not read") != std::string::npos);
  Loaded fine(config("", ", admission_date: { column: A, formats: ['%d-%b-%y', '%Y%m%d'] }"));
  CHECK(fine.errors().empty());
}

TEST_CASE("max_field_length must be 1 or more", "[unit][config]") {
  Loaded l(config("", "", "") + "");
  REQUIRE(l.errors().empty());
  CHECK(l.result.config->sources.at(0).max_field_length == 4096);
  std::string text = config();
  text.replace(text.find("    mapping"), 0, "    max_field_length: 0\n");
  Loaded zero(text);
  CHECK(zero.errors() ==
        Errors{zero.at(10, 23, "'max_field_length' in source 'la' must be 1 or more, got 0")});
}

TEST_CASE("a code lists file is checked with its own positions", "[unit][config]") {
  TempDir dir;
  const auto passwd = dir.write("passwd", "root:x:0:0:root:/root:/bin/bash\n");
  Loaded l(config("", "", "code_lists: " + passwd.string() + "\n"));
  REQUIRE(l.errors().size() == 1);
  CHECK(l.errors()[0] == passwd.string() +
                             ":1:1: error: a code lists file must be a YAML map 'lists: { <list>: "
                             "{ \"<spec version>\": [codes] } }', got a text (the file "
                             "'code_lists' names at " +
                             l.file.string() + ":6:13)");

  Diagnostics diag;
  CHECK_FALSE(
      read_code_lists("lists:\n  ethnic_category: { \"4\": [] }\n  ethnik: { \"4\": [A] }\n"
                      "  gender: { \"7\": [\"1\"] }\n  bed_type: []\nextra: 1\n",
                      "cl.yaml", &default_code_lists(), diag));
  std::vector<std::string> messages;
  for (const auto& item : diag.items()) {
    messages.push_back(item.describe());
  }
  CHECK(messages ==
        Errors{"cl.yaml:6:1: error: unknown key 'extra' in a code lists file (allowed: version, "
               "lists)",
               "cl.yaml:2:27: error: version '4' of code list 'ethnic_category' is empty: every "
               "value would be refused",
               "cl.yaml:3:3: error: unknown code list 'ethnik' (a file replaces built-in lists; "
               "it cannot add new ones)",
               "cl.yaml:4:13: error: code list 'gender' has no spec version '7' to replace "
               "(versions: 3, 4)",
               "cl.yaml:5:13: error: code list 'bed_type' must map spec versions to lists of "
               "codes, such as { \"4\": [A, B] }"});
  Diagnostics broken;
  CHECK_FALSE(read_code_lists("lists: [\n", "cl.yaml", nullptr, broken));
  REQUIRE(broken.items().size() == 1);
  CHECK(broken.items()[0].mark.line > 0);
}

TEST_CASE("output names may not leave the folder or share a file", "[unit][config]") {
  Loaded escape(config("", "", "", "  rejects: ../../rejects.csv\n  links: /tmp/links.csv\n"));
  CHECK(escape.errors() ==
        Errors{escape.at(13, 12,
                         "'rejects' in outputs contains '/' ('../../rejects.csv'); output names "
                         "are plain file names inside outputs.directory"),
               escape.at(14, 10,
                         "'links' in outputs is an absolute path ('/tmp/links.csv'); output names "
                         "are plain file names inside outputs.directory")});
  Loaded dots(config("", "", "", "  warnings: '..'\n"));
  REQUIRE(dots.errors().size() == 1);
  CHECK(dots.errors()[0].find("'warnings' in outputs is not a file name") != std::string::npos);

  Loaded same(config("", "", "", "  return: \"queries_{commissioner}_{period}.csv\"\n"));
  CHECK(same.errors() ==
        Errors{same.at(12, 3,
                       "'queries' in outputs names the same file as 'return' "
                       "('queries_QPM_2026-10.csv'): one would overwrite the other")});
  Loaded summary(config("", "", "", "  links: Summary_{commissioner}_{period}.CSV\n"));
  REQUIRE(summary.errors().size() == 1);
  CHECK(summary.errors()[0].find("'summary' in outputs names the same file as 'links'") !=
        std::string::npos);
  Loaded owner(
      config("", "", "", "  queries: { name: q, per_owner: true }\n  links: q_links.csv\n"));
  REQUIRE(owner.errors().size() == 1);
  CHECK(owner.errors()[0].find("could be a per-owner query list ('q_<owner>.csv')") !=
        std::string::npos);
  Loaded state(config("", "", "", "  return: ../state.db\n"));
  CHECK_FALSE(state.errors().empty());
  Loaded fine(
      config("", "", "", "  queries: { name: q, formats: [csv, xlsx], per_owner: true }\n"));
  CHECK(fine.errors().empty());
}

}  // namespace atpipe::config::test
