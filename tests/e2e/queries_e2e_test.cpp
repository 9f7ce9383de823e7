#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
const std::filesystem::path kConfig = kRoot / "config/examples/icb_example.yaml";

// The example config with absolute fixture paths and `extra` replacing its outputs.queries.
std::filesystem::path config_copy(const TempDir& dir, const std::string& queries_yaml) {
  auto text = read_file(kConfig);
  const std::string rel = "../../fixtures";
  for (auto at = text.find(rel); at != std::string::npos; at = text.find(rel, at)) {
    text.replace(at, rel.size(), (kRoot / "fixtures").string());
  }
  auto q = text.find("  queries: ");
  REQUIRE(q != std::string::npos);
  auto end = text.find('\n', q);
  text.replace(q, end - q, queries_yaml);
  auto path = dir.path() / "atpipe.yaml";
  std::ofstream(path) << text;
  return path;
}

atpipe::testing::BinaryResult run(const TempDir& dir, const std::filesystem::path& config) {
  return run_atpipe({"run", "--once", "--config", config.string(), "--period", "2026-10", "--today",
                     "2026-11-23"},
                    {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                     "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
}

}  // namespace

TEST_CASE("a query resolved by hand stays off the list on the next run", "[e2e]") {
  TempDir dir("lifecycle");
  auto config = config_copy(dir, "  queries: \"queries_{commissioner}_{period}.csv\"");
  auto first = run(dir, config);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("queries: 12 open (12 new, 0 resolved by this run's data)") !=
        std::string::npos);
  auto state = (dir.path() / "state" / "state.db").string();

  auto listed = run_atpipe({"queries", "list", "--state", state});
  REQUIRE(listed.exit_code == 0);
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 13);
  // Listings mask NHS numbers.
  CHECK(listed.out.find("9991205845") == std::string::npos);
  CHECK(listed.out.find("*******845") != std::string::npos);

  const std::string id = "Qefc5794fc033";  // the fixtures' AT_ONLY patient
  auto resolved =
      run_atpipe({"queries", "resolve", id, "--note", "on leave, bed held", "--state", state});
  INFO(resolved.err);
  REQUIRE(resolved.exit_code == 0);
  auto again = run_atpipe({"queries", "resolve", id, "--note", "twice", "--state", state});
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("already resolved_by_hand") != std::string::npos);

  auto shown = run_atpipe({"queries", "show", id, "--config", config.string()},
                          {"ATPIPE_STATE_DIR=" + (dir.path() / "state").string(),
                           "ATPIPE_OUT_DIR=" + (dir.path() / "out").string()});
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("resolved_by_hand") != std::string::npos);
  CHECK(shown.out.find("on leave, bed held") != std::string::npos);

  auto second = run(dir, config);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("queries: 11 open (0 new, 0 resolved by this run's data)") !=
        std::string::npos);
  auto csv = read_file(dir.path() / "out" / "queries_QPM_2026-10.csv");
  CHECK(csv.find(id) == std::string::npos);
}

TEST_CASE("query lists per owner in CSV, XLSX and HTML", "[e2e]") {
  TempDir dir("formats");
  auto config =
      config_copy(dir,
                  "  queries: { name: \"q_{commissioner}_{period}\", formats: [csv, xlsx, html], "
                  "per_owner: true }");
  auto r = run(dir, config);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto out = dir.path() / "out";
  for (const char* name :
       {"q_QPM_2026-10.csv", "q_QPM_2026-10.xlsx", "q_QPM_2026-10.html", "q_QPM_2026-10_RP1.csv",
        "q_QPM_2026-10_RP1.xlsx", "q_QPM_2026-10_RP1.html", "q_QPM_2026-10_QPM.csv"}) {
    INFO(name);
    CHECK(std::filesystem::exists(out / name));
  }
  // The commissioner's own list holds only the census-only queries.
  auto qpm = read_file(out / "q_QPM_2026-10_QPM.csv");
  CHECK(qpm.find("CENSUS_ONLY") != std::string::npos);
  CHECK(qpm.find("AT_ONLY") == std::string::npos);

  // NV7's list is about NV7's own system: it names the patient and never asks NV7 to correct
  // an extract of the commissioner's (nhft_inpatients is atpipe's name for RP1's extract; it
  // stays in the ATRecords column for the commissioner).
  auto nv7 = read_file(out / "q_QPM_2026-10_NV7.csv");
  CHECK(nv7.find("LocalPatientID,Surname,Forename,DateOfBirth,ProviderSiteCode,"
                 "HospitalAdmissionDate") != std::string::npos);
  CHECK(nv7.find("NO_NHS_NUMBER") != std::string::npos);
  CHECK(nv7.find("record it in your inpatient system") != std::string::npos);
  CHECK(nv7.find("correct nhft_inpatients") == std::string::npos);
  CHECK(nv7.find("RP1") == std::string::npos);
}

TEST_CASE("a month without its census file is not reconciled and keeps census queries open",
          "[e2e]") {
  TempDir dir("nocensus");
  auto config = config_copy(dir, "  queries: \"queries_{commissioner}_{period}.csv\"");
  auto env = std::vector<std::string>{"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                                      "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()};
  auto october = run(dir, config);
  REQUIRE(october.exit_code == 0);
  CHECK(october.out.find("queries: 12 open (12 new") != std::string::npos);

  // November: the only census file is dated 31 October, so there is no census at the cut.
  auto november = run_atpipe({"run", "--once", "--config", config.string(), "--period", "2026-11",
                              "--today", "2026-12-02"},
                             env);
  INFO(november.out << november.err);
  REQUIRE(november.exit_code == 0);
  CHECK(november.err.find("no census rows for the cut 2026-11-30: reconciliation skipped") !=
        std::string::npos);
  CHECK(november.out.find("census: 0 record(s)") != std::string::npos);
  // October's AT_ONLY, CENSUS_ONLY, discrepancy and NHS number queries stay open and are
  // listed with November's; source conflicts were checked as usual.
  auto listed = run_atpipe({"queries", "list", "--state",
                            (dir.path() / "state" / "state.db").string(), "--status", "open"});
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("AT_ONLY") != std::string::npos);
  CHECK(listed.out.find("CENSUS_ONLY") != std::string::npos);
  auto nov_queries = read_file(dir.path() / "out" / "queries_QPM_2026-11.csv");
  CHECK(nov_queries.find("AT_ONLY") != std::string::npos);
}
