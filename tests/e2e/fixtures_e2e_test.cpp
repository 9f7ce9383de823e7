#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::read_lines;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
const std::filesystem::path kConfig = kRoot / "config/examples/icb_example.yaml";
const std::filesystem::path kExpected = kRoot / "fixtures/icb_example/expected";
const std::vector<std::string> kOutputs = {"AT_QPM_2026-10.csv",      "queries_QPM_2026-10.csv",
                                           "rejects_QPM_2026-10.csv", "warnings_QPM_2026-10.csv",
                                           "links_QPM_2026-10.csv",   "summary_QPM_2026-10.csv"};

atpipe::testing::BinaryResult run_fixtures(const TempDir& dir,
                                           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run",      "--once",  "--config", kConfig.string(),
                                   "--period", "2026-10", "--today",  "2026-11-23"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_atpipe(args, {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                           "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
}

// Row-for-row comparison so a failure names the file and the first row that differs.
void compare_rows(const std::filesystem::path& expected, const std::filesystem::path& actual) {
  auto want = read_lines(expected);
  auto got = read_lines(actual);
  for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    INFO(actual.filename().string() << " row " << (i + 1));
    REQUIRE(i < got.size());
    REQUIRE(i < want.size());
    REQUIRE(got[i] == want[i]);
  }
}

}  // namespace

TEST_CASE("the fixtures run end to end and match the expected outputs", "[e2e]") {
  TempDir dir("e2e");
  auto r = run_fixtures(dir);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("return:") != std::string::npos);
  for (const auto& name : kOutputs) {
    auto actual = dir.path() / "out" / name;
    REQUIRE(std::filesystem::exists(actual));
    compare_rows(kExpected / name, actual);
    // Byte for byte as well: line ends are part of the format (the return uses CRLF).
    CHECK(read_file(actual) == read_file(kExpected / name));
    struct stat info {};
    REQUIRE(::stat(actual.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
  }
  struct stat state {};
  REQUIRE(::stat((dir.path() / "state" / "state.db").c_str(), &state) == 0);
  CHECK((state.st_mode & 0777) == 0600);
}

TEST_CASE("running the same period twice gives identical outputs", "[e2e]") {
  TempDir dir("twice");
  REQUIRE(run_fixtures(dir).exit_code == 0);
  std::vector<std::string> first;
  for (const auto& name : kOutputs) {
    first.push_back(read_file(dir.path() / "out" / name));
  }
  REQUIRE(run_fixtures(dir).exit_code == 0);
  for (std::size_t i = 0; i < kOutputs.size(); ++i) {
    INFO(kOutputs[i]);
    CHECK(read_file(dir.path() / "out" / kOutputs[i]) == first[i]);
  }
  auto runs = run_atpipe({"runs", "--state", (dir.path() / "state" / "state.db").string()});
  REQUIRE(runs.exit_code == 0);
  // Header plus one line per run.
  CHECK(std::count(runs.out.begin(), runs.out.end(), '\n') == 3);
}

TEST_CASE("the run's counts add up: pulled = accepted + rejected", "[e2e]") {
  TempDir dir("counts");
  auto r = run_fixtures(dir, {"--dry-run"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("dry run, nothing written") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
  std::size_t rejected_rows = read_lines(kExpected / "rejects_QPM_2026-10.csv").size();
  REQUIRE(rejected_rows > 1);
  // Every source line reads "N pulled = A accepted + R rejected" with N = A + R.
  std::istringstream lines(r.out);
  int sources = 0;
  for (std::string line; std::getline(lines, line);) {
    unsigned pulled = 0, accepted = 0, rejected = 0;
    auto at = line.find("): ");
    if (line.find("  source ") != 0 || at == std::string::npos) {
      continue;
    }
    REQUIRE(std::sscanf(line.c_str() + at + 3, "%u pulled = %u accepted + %u rejected", &pulled,
                        &accepted, &rejected) == 3);
    CHECK(pulled == accepted + rejected);
    ++sources;
  }
  CHECK(sources == 4);
  // The linkage model's fit is reported (issue 12): whether EM converged, and in how many
  // iterations; its m and u per level go to the log.
  auto model = r.out.find("  linkage model: EM ");
  REQUIRE(model != std::string::npos);
  CHECK(r.out.find("iterations", model) != std::string::npos);
  CHECK(r.err.find("linkage: ") != std::string::npos);
}

TEST_CASE("a missing source file fails that source only", "[e2e]") {
  TempDir dir("partial");
  auto text = read_file(kConfig);
  auto pos = text.find("la_placements.csv");
  REQUIRE(pos != std::string::npos);
  text.replace(pos, std::string("la_placements.csv").size(), "la_placements_missing.csv");
  // The example's paths are relative to its folder; make them absolute for the copy.
  const std::string rel = "../../fixtures";
  for (auto at = text.find(rel); at != std::string::npos; at = text.find(rel, at)) {
    text.replace(at, rel.size(), (kRoot / "fixtures").string());
  }
  auto config = dir.path() / "partial.yaml";
  {
    std::ofstream out(config);
    out << text;
  }
  auto r = run_atpipe({"run", "--once", "--config", config.string(), "--period", "2026-10",
                       "--today", "2026-11-23", "--dry-run"},
                      {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                       "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.out.find("la_placements") != std::string::npos);
  CHECK(r.out.find("FAILED") != std::string::npos);
  CHECK(r.out.find("nhft_inpatients") != std::string::npos);
}

TEST_CASE("check-config accepts the example and rejects a broken file", "[e2e]") {
  auto ok = run_atpipe({"check-config", kConfig.string()});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  TempDir dir("badcfg");
  auto bad = dir.path() / "bad.yaml";
  {
    std::ofstream out(bad);
    out << "version: 1\norganisation: {commissioner: QPM}\nstate: {sqlite: s.db}\n"
           "outputs: {directory: out}\nsources:\n  la:\n    type: nosuch\n    mapping: {}\n"
           "colour: blue\n";
  }
  auto r = run_atpipe({"check-config", bad.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(bad.string() + ":7:11: error: unknown source type 'nosuch'") !=
        std::string::npos);
  CHECK(r.err.find(bad.string() + ":9:1: error: unknown top-level key 'colour'") !=
        std::string::npos);
}

TEST_CASE("a past month's return shows the records as they stood at its cut", "[e2e]") {
  TempDir dir("september");
  auto r = run_atpipe({"run", "--once", "--config", kConfig.string(), "--period", "2026-09",
                       "--today", "2026-11-23"},
                      {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                       "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto ret = read_file(dir.path() / "out" / "AT_QPM_2026-09.csv");
  // NHFT326729 died on 8 October 2026 (planted AT-R145): at the end of September they were
  // an inpatient, with no discharge date or closure reason yet.
  auto at = ret.find("\r\n30/09/2026,Y,NHFT326729,");
  REQUIRE(at != std::string::npos);
  auto cells = [](const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string cell; std::getline(in, cell, ',');) {
      out.push_back(cell);
    }
    return out;
  };
  auto header = cells(ret.substr(0, ret.find("\r\n")));
  auto row = cells(ret.substr(at + 2, ret.find("\r\n", at + 2) - at - 2));
  REQUIRE(row.size() >= header.size() - 1);
  row.resize(header.size());
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  CHECK(row[column("HospitalAdmissionDate")] == "07/07/2025");
  CHECK(row[column("DateOfActualTransfer")].empty());
  CHECK(row[column("RecordClosed")].empty());
  // Their next episode began on 20 October, after that cut: only the planted pair of open
  // episodes (AT-R015) is warned about, not the died-then-readmitted person.
  auto warnings = read_file(dir.path() / "out" / "warnings_QPM_2026-09.csv");
  std::size_t r015 = 0;
  for (auto pos = warnings.find("AT-R015"); pos != std::string::npos;
       pos = warnings.find("AT-R015", pos + 1)) {
    ++r015;
  }
  CHECK(r015 == 1);
  CHECK(warnings.find("NHFT326729,nhs_number,AT-R015") == std::string::npos);
  CHECK(r.err.find("value(s) dated after the cut 2026-09-30 left out of the 2026-09 return") !=
        std::string::npos);
}
