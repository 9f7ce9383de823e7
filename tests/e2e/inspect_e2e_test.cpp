#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::run_atpipe;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("atpipe fields lists every canonical field with its return column", "[e2e]") {
  auto r = run_atpipe({"fields"});
  REQUIRE(r.exit_code == 0);
  auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 65);  // header and 64 fields
  CHECK(lines[0].rfind("FIELD", 0) == 0);
  auto row = [&](const std::string& name) {
    auto it = std::find_if(lines.begin(), lines.end(),
                           [&](const std::string& l) { return l.rfind(name + " ", 0) == 0; });
    return it == lines.end() ? std::string() : *it;
  };
  auto bed = row("bed_type");
  CHECK(bed.find(" code ") != std::string::npos);
  CHECK(bed.find(" C ") != std::string::npos);
  CHECK(bed.find("BedType") != std::string::npos);
  auto history = row("cetr_history");
  CHECK(history.find("ctr_history") != std::string::npos);
  CHECK(history.find("CtrHistory") != std::string::npos);
  CHECK(row("dsr_before_admission").find("Y/N/NK") != std::string::npos);
  CHECK(row("delay_reason").find("codes") != std::string::npos);
  CHECK(row("discharge_destination").find("RecordClosed") != std::string::npos);
}

TEST_CASE("atpipe rules lists the spec's rules and atpipe's own", "[e2e]") {
  auto r = run_atpipe({"rules"});
  REQUIRE(r.exit_code == 0);
  for (const char* id : {"AT-R001", "AT-R015", "AT-R084", "AT-R145", "AT-R181", "ATP-M006",
                         "ATP-V001", "ATP-V003", "ATP-R002"}) {
    INFO(id);
    CHECK(r.out.find(std::string("\n") + id + " ") != std::string::npos);
  }
  // Rule messages are fixed text: no NHS number (ten digits) can be in them.
  CHECK_FALSE(std::regex_search(r.out, std::regex("[0-9]{10}")));
}

TEST_CASE("preview shows a source's rows as mapped, with their findings", "[e2e]") {
  const std::string config = std::string(ATPIPE_SOURCE_DIR) + "/config/examples/icb_example.yaml";
  auto table =
      run_atpipe({"preview", "--config", config, "--source", "nhft_inpatients", "--limit", "13"});
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  auto lines = lines_of(table.out);
  auto row13 = std::find_if(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.rfind("row 13 of ", 0) == 0; });
  REQUIRE(row13 != lines.end());
  CHECK(row13->find(": REJECTED") != std::string::npos);
  // Values line up after the longest mapped field name (admission_source_postcode, 25).
  CHECK(*(row13 + 1) == "  local_id                  NHFT207474");
  auto finding = std::find_if(row13, lines.end(),
                              [](const std::string& l) { return l.rfind("  ! ", 0) == 0; });
  REQUIRE(finding != lines.end());
  CHECK(finding->find("ATP-M004 error") != std::string::npos);
  CHECK(finding->find("s17_extended_leave: 'Maybe' is not yes, no or not known") !=
        std::string::npos);

  auto json = run_atpipe({"preview", "--config", config, "--source", "ccg_register", "--limit", "1",
                          "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find("\"row\": 2,") != std::string::npos);
  CHECK(json.out.find("\"status\": \"accepted\"") != std::string::npos);
  CHECK(json.out.find("\"cetr_history\": \"2026-08-07|CTR|4\"") != std::string::npos);
  // Logs never carry the values the output shows.
  CHECK(json.err.find("9994426877") == std::string::npos);
}
