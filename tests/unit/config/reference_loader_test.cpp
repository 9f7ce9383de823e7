#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/reference_loader.hpp"
#include "config_fixture.hpp"

using namespace atpipe;
using config::test::Loaded;
using Errors = std::vector<std::string>;

namespace {

core::Date d(int y, unsigned m, unsigned day) {
  return core::Date{date::year{y}, date::month{m}, date::day{day}};
}

// A valid config whose `reference:` section is `reference`, starting on line 4.
std::string config_with(const std::string& reference) {
  return R"(
version: 1
organisation: { commissioner: QPM }
state: { sqlite: state.db }
)" + reference +
         R"(
sources:
  la:
    type: csv
    path: la.csv
    mapping: { local_id: id, nhs_number: nhs }
outputs: { directory: out }
)";
}

const char* const kSites = R"(site_code,provider_code,postcode,name
RP101,RP1,nn1 5bd,"Berrywood Hospital, Duston"
NV701,NV7,,Independent unit
)";

const char* const kCommissioners = R"(code,name,open_date,close_date
QPM,NHS Northamptonshire ICB,2022-07-01,
78H,Northamptonshire sub-ICB,2022-07-01,
04G,NHS Nene CCG,2013-04-01,2020-04-01
)";

const char* const kPostcodes =
    "\xEF\xBB\xBFpostcode,latitude,longitude\r\n"
    "NN1 5BD,52.2400,-0.9000\r\n"
    "\r\n"
    "NN5 6UD,52.2450,-0.9400\r\n"
    "ZZ99 3VZ,99.999999,0.000000\r\n"
    "NN9 9ZZ,99.999999,0.000000\r\n";

std::string parse_error(core::Expected<void> result) {
  return result ? std::string("(no error)") : result.error().message();
}

}  // namespace

TEST_CASE("reference files named relative to the config are loaded", "[unit][config]") {
  Loaded l(config_with(R"(reference:
  sites: ref/sites.csv
  commissioners: ref/commissioners.csv
  postcodes: ref/postcodes.csv)"));
  l.dir.write("ref/sites.csv", kSites);
  l.dir.write("ref/commissioners.csv", kCommissioners);
  l.dir.write("ref/postcodes.csv", kPostcodes);
  // The files are written after the first load, so load again now that they exist.
  auto result = config::load_config(l.file, config::test::test_registry());
  REQUIRE(result.diagnostics.empty());
  REQUIRE(result.config->reference != nullptr);
  const auto& ref = *result.config->reference;

  REQUIRE(ref.sites.size() == 2);
  CHECK(ref.sites.at("RP101").provider == "RP1");
  CHECK(ref.sites.at("RP101").postcode == "NN1 5BD");
  CHECK(ref.sites.at("RP101").name == "Berrywood Hospital, Duston");
  CHECK(ref.sites.at("NV701").postcode.empty());
  CHECK(ref.providers == std::set<std::string, std::less<>>{"NV7", "RP1"});

  CHECK(ref.commissioner_live("QPM", d(2026, 10, 31)));
  CHECK(ref.commissioner_live("04G", d(2020, 3, 31)));
  CHECK_FALSE(ref.commissioner_live("04G", d(2020, 4, 1)));   // closed on the cut
  CHECK_FALSE(ref.commissioner_live("QPM", d(2022, 6, 30)));  // not yet open
  CHECK_FALSE(ref.commissioner_live("QXX", d(2026, 10, 31)));

  // The ZZ99 row and ONSPD's "no grid reference" row are skipped.
  REQUIRE(ref.centroids.size() == 2);
  CHECK(ref.centroids.at("NN5 6UD").latitude == Approx(52.245));
  CHECK(ref.centroids.at("NN1 5BD").longitude == Approx(-0.9));
}

TEST_CASE("reference paths may use ${ENV}; parts left out stay empty", "[unit][config]") {
  config::test::TempDir dir;
  dir.write("sites.csv", kSites);
  config::test::ScopedEnv env("ATPIPE_TEST_REF_DIR", dir.path().c_str());
  Loaded l(config_with("reference:\n  sites: ${ATPIPE_TEST_REF_DIR}/sites.csv"));
  REQUIRE(l.errors().empty());
  const auto& ref = *l.result.config->reference;
  CHECK(ref.has_mpsl());
  CHECK_FALSE(ref.has_commissioners());
  CHECK_FALSE(ref.has_centroids());
}

TEST_CASE("without reference: there is no reference data", "[unit][config]") {
  Loaded l(config_with(""));
  REQUIRE(l.errors().empty());
  CHECK(l.result.config->reference == nullptr);
}

TEST_CASE("a bad reference file is a config error at the key naming it", "[unit][config]") {
  config::test::TempDir dir;
  dir.write("sites.csv", "site_code,provider_code,postcode,name\nRP101,RP1,XX,Ward\n");
  Loaded l(config_with("reference: { sites: " + (dir.path() / "sites.csv").string() +
                       ", postcodes: missing.csv }"));
  CHECK(l.errors() ==
        Errors{l.at(4, 21, "sites.csv row 2: postcode 'XX' is not a UK postcode"),
               l.at(4, static_cast<int>(34 + (dir.path() / "sites.csv").string().size()),
                    "cannot read reference file '" + (l.dir.path() / "missing.csv").string() +
                        "': No such file or directory")});
  CHECK(l.result.config == nullptr);
}

TEST_CASE("an unknown key under reference: is refused", "[unit][config]") {
  Loaded l(config_with("reference: { site: x.csv }"));
  REQUIRE(l.errors().size() == 1);
  CHECK(l.errors()[0].find("unknown key 'site' in reference, did you mean 'sites'?") !=
        std::string::npos);
}

TEST_CASE("sites.csv problems name the row and column", "[unit][config]") {
  auto parse = [](const std::string& text) {
    core::ReferenceData out;
    return parse_error(config::parse_sites(text, "sites.csv", out));
  };
  const std::string header = "site_code,provider_code,postcode,name\n";
  CHECK(parse("site_code,provider,postcode,name\nRP101,RP1,NN1 5BD,x\n") ==
        "sites.csv: the header has no column 'provider_code' (expected "
        "site_code,provider_code,postcode,name)");
  CHECK(parse("") ==
        "sites.csv: the file is empty (expected the header site_code,provider_code,postcode,name)");
  CHECK(parse(header) == "sites.csv: the file has a header but no rows");
  CHECK(parse(header + "RP101,RP1,NN1 5BD,x\n\nRP102,RP1,XX,y\n") ==
        "sites.csv row 4: postcode 'XX' is not a UK postcode");
  CHECK(parse(header + "RP101,RP1,ZZ99 3VZ,x\n") ==
        "sites.csv row 2: postcode 'ZZ99 3VZ' is not a UK postcode");
  CHECK(parse(header + "RP101,RP1,NN1 5BD\n") == "sites.csv row 2: 3 fields, but the header has 4");
  CHECK(parse(header + ",RP1,NN1 5BD,x\n") == "sites.csv row 2: site_code is empty");
  CHECK(parse(header + "RP101, ,NN1 5BD,x\n") == "sites.csv row 2: provider_code is empty");
  CHECK(parse(header + "RP101,RP1,,x\nrp101,RP1,,y\n") ==
        "sites.csv row 3: site code 'RP101' given twice (first at row 2)");
  CHECK(parse(header + "RP101,RP1,,\"open\n") == "sites.csv row 2: a quoted field is never closed");
  CHECK(parse(header + "RP101,RP1,,\"a\"b\n") == "sites.csv row 2: text after a closing quote");
  CHECK(parse(header + "RP101,RP1,,a\"b\n") == "sites.csv row 2: a quote inside an unquoted field");
  // A line break inside quotes keeps the row count a spreadsheet would show.
  CHECK(parse(header + "RP101,RP1,,\"two\nlines\"\nRP102,RP1,X,y\n") ==
        "sites.csv row 4: postcode 'X' is not a UK postcode");
}

TEST_CASE("commissioners.csv problems name the row and column", "[unit][config]") {
  auto parse = [](const std::string& text) {
    core::ReferenceData out;
    return parse_error(config::parse_commissioners(text, "commissioners.csv", out));
  };
  const std::string header = "code,name,open_date,close_date\n";
  CHECK(parse("code,name,open_date\nQPM,x,2022-07-01\n") ==
        "commissioners.csv: the header has no column 'close_date' (expected "
        "code,name,open_date,close_date)");
  CHECK(parse(header + "QPM,x,01/07/2022,\n") ==
        "commissioners.csv row 2: open_date '01/07/2022' is not an ISO date (YYYY-MM-DD)");
  CHECK(parse(header + "QPM,x,2022-07-01,2022-02-30\n") ==
        "commissioners.csv row 2: close_date '2022-02-30' is not an ISO date (YYYY-MM-DD)");
  CHECK(parse(header + "QPM,x,2022-07-01,2022-07-01\n") ==
        "commissioners.csv row 2: close_date is not after open_date");
  CHECK(parse(header + ",x,2022-07-01,\n") == "commissioners.csv row 2: code is empty");
  // A code closed and reopened has two rows; it is live in either period.
  core::ReferenceData out;
  REQUIRE(config::parse_commissioners(header + "QPM,x,2020-01-01,2021-01-01\nQPM,x,2022-01-01,\n",
                                      "c.csv", out));
  CHECK(out.commissioner_live("QPM", d(2020, 6, 1)));
  CHECK_FALSE(out.commissioner_live("QPM", d(2021, 6, 1)));
  CHECK(out.commissioner_live("QPM", d(2023, 6, 1)));
}

TEST_CASE("postcodes.csv problems name the row and column", "[unit][config]") {
  auto parse = [](const std::string& text) {
    core::ReferenceData out;
    return parse_error(config::parse_postcodes(text, "postcodes.csv", out));
  };
  const std::string header = "postcode,latitude,longitude\n";
  CHECK(parse("pcd,latitude,longitude\nNN1 5BD,52,-1\n") ==
        "postcodes.csv: the header has no column 'postcode' (expected "
        "postcode,latitude,longitude)");
  CHECK(parse(header + "NN15BD,52.1,x\n") == "postcodes.csv row 2: longitude 'x' is not a number");
  CHECK(parse(header + "NN1 5BD,,-1\n") == "postcodes.csv row 2: latitude '' is not a number");
  CHECK(parse(header + "NN1 5BD,95,-1\n") ==
        "postcodes.csv row 2: latitude '95' is outside -90 to 90");
  CHECK(parse(header + "NN1 5BD,52,-181\n") ==
        "postcodes.csv row 2: longitude '-181' is outside -180 to 180");
  CHECK(parse(header + "12345,52,-1\n") ==
        "postcodes.csv row 2: postcode '12345' is not a UK postcode");
  CHECK(parse(header + "NN1 5BD,52,-1\nnn15bd,52,-1\n") ==
        "postcodes.csv row 3: postcode 'NN1 5BD' given twice (first at row 2)");
  // Extra ONSPD columns are allowed, in any order, and headers are case-insensitive.
  core::ReferenceData out;
  REQUIRE(config::parse_postcodes(
      "LONG,pcds,LAT,Postcode,Latitude,Longitude\n1,x,2,NN1 5BD,52,-1\n", "p.csv", out));
  CHECK(out.centroids.at("NN1 5BD").latitude == Approx(52));
}
