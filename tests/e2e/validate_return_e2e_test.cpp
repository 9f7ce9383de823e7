#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_lines;
using atpipe::testing::run_atpipe;

namespace {
const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
}  // namespace

TEST_CASE("validate-return accepts the return atpipe wrote", "[e2e]") {
  auto r = run_atpipe({"validate-return",
                       (kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv").string(),
                       "--today", "2026-11-23"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("60 row(s), 0 error(s)") != std::string::npos);
}

namespace {

// Lines printed for `file` without the "FILE: " prefix each starts with.
std::vector<std::string> output_lines(const std::string& out, const std::string& file) {
  std::vector<std::string> got;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    REQUIRE(line.rfind(file + ": ", 0) == 0);
    got.push_back(line.substr(file.size() + 2));
  }
  return got;
}

const std::filesystem::path kBroken = kRoot / "fixtures/returns/broken_return.csv";
const std::filesystem::path kBrokenExpected = kRoot / "fixtures/returns/broken_return.expected.txt";

}  // namespace

TEST_CASE("validate-return reports every planted problem and nothing else", "[e2e]") {
  auto r = run_atpipe({"validate-return", kBroken.string(), "--today", "2026-11-23"});
  INFO(r.err);
  CHECK(r.exit_code == 6);
  CHECK(output_lines(r.out, kBroken.string()) == read_lines(kBrokenExpected));
}

TEST_CASE("validate-return warns only where a warning was planted", "[e2e]") {
  auto r = run_atpipe({"validate-return", kBroken.string(), "--today", "2026-11-23", "--warnings"});
  CHECK(r.exit_code == 6);
  auto errors = read_lines(kBrokenExpected);
  // Every NHS number is from the 999 test range (AT-R014); the other warnings are planted
  // (make_broken_return.py) or follow from a planted error.
  const std::vector<std::string> planted = {
      "row 19, column BF (DateOfPlannedTransfer): AT-R131 warning:",
      "row 23, column AG (S17ExtendedLeave): AT-R083 warning:",
      "row 23, column AG (S17ExtendedLeave): AT-R084 warning:",
      "row 24, column AJ (BedType): AT-R093 warning:",
      "row 27, column E (NHSNumber): AT-R015 warning:",
  };
  std::vector<std::string> seen;
  for (const auto& line : output_lines(r.out, kBroken.string())) {
    if (std::find(errors.begin(), errors.end(), line) != errors.end() ||
        line.find(": AT-R014 warning:") != std::string::npos) {
      continue;
    }
    bool expected = false;
    for (const auto& prefix : planted) {
      if (line.rfind(prefix, 0) == 0) {
        seen.push_back(prefix);
        expected = true;
      }
    }
    INFO("unexpected line: " << line);
    CHECK(expected);
  }
  CHECK(seen == planted);
}

TEST_CASE("validate-return --code-lists replaces the built-in lists it names", "[e2e]") {
  atpipe::testing::TempDir dir("codelists");
  auto lists = dir.path() / "lists.yaml";
  {
    std::ofstream out(lists);
    out << "lists:\n  admission_planned:\n    \"3\": [\"1\", \"2\", \"3\", \"9\"]\n"
           "    \"4\": [\"1\", \"2\", \"3\", \"9\"]\n";
  }
  auto r = run_atpipe({"validate-return", kBroken.string(), "--today", "2026-11-23", "--code-lists",
                       lists.string()});
  INFO(r.err);
  CHECK(r.exit_code == 6);
  // Row 12's admission plan 3 is now in the list; every other problem stays.
  std::vector<std::string> expected;
  for (const auto& line : read_lines(kBrokenExpected)) {
    if (line.find(": AT-R076 error:") == std::string::npos) {
      expected.push_back(line);
    }
  }
  REQUIRE(expected.size() + 1 == read_lines(kBrokenExpected).size());
  CHECK(output_lines(r.out, kBroken.string()) == expected);
}

TEST_CASE("validate-return refuses a code lists file it cannot use", "[e2e]") {
  atpipe::testing::TempDir dir("badlists");
  auto bad = dir.path() / "bad.yaml";
  {
    std::ofstream out(bad);
    out << "lists:\n  admission_planned: [1, 2]\n";
  }
  auto r = run_atpipe({"validate-return", kBroken.string(), "--code-lists", bad.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(r.err.find("code lists file is invalid: " + bad.string() +
                   ":2:22: error: code list "
                   "'admission_planned' must map spec versions to lists of codes") !=
        std::string::npos);
  auto missing = dir.path() / "missing.yaml";
  r = run_atpipe({"validate-return", kBroken.string(), "--code-lists", missing.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("cannot read code lists file '" + missing.string() + "'") != std::string::npos);
}

TEST_CASE("check-config reports a linkage setting the engine cannot run", "[e2e]") {
  atpipe::testing::TempDir dir("linkcfg");
  auto text = atpipe::testing::read_file(kRoot / "config/examples/icb_example.yaml");
  auto at = text.find("  method: probabilistic");
  REQUIRE(at != std::string::npos);
  text.insert(at, "  blocking: [[date_of_birth, shoe_size]]\n");
  // Reference files are read by check-config: point the copy's relative paths at the checkout.
  for (auto pos = text.find("../../"); pos != std::string::npos; pos = text.find("../../", pos)) {
    text.replace(pos, 6, kRoot.string() + "/");
  }
  auto config = dir.path() / "atpipe.yaml";
  {
    std::ofstream out(config);
    out << text;
  }
  auto r = run_atpipe({"check-config", config.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("error: unknown blocking key part 'shoe_size' in reconcile.blocking") !=
        std::string::npos);
}

TEST_CASE("validate-return names an unknown column and a missing one", "[e2e]") {
  // The header of the return atpipe wrote, with BedType renamed to a column the return lacks.
  auto lines = read_lines(kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv");
  REQUIRE(lines.size() > 1);
  auto strip_cr = [](std::string line) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    return line;
  };
  auto header = strip_cr(lines[0]);
  auto at = header.find(",BedType,");
  REQUIRE(at != std::string::npos);
  header.replace(at, 9, ",BedKind,");
  std::size_t column =
      static_cast<std::size_t>(std::count(header.begin(), header.begin() + at + 1, ',')) + 1;
  atpipe::testing::TempDir dir("columns");
  auto file = dir.path() / "return.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << header << "\r\n" << strip_cr(lines[1]) << "\r\n";
  }
  auto r = run_atpipe({"validate-return", file.string(), "--today", "2026-11-23"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 6);
  auto got = output_lines(r.out, file.string());
  REQUIRE(got.size() == 3);
  // Columns are named by spreadsheet letter: BedType is the 36th column, AJ.
  CHECK(column == 36);
  CHECK(got[0] == "row 1 (BedType): ATP-R002 error: the return has no BedType column");
  CHECK(got[1] ==
        "row 1, column AJ (BedKind): ATP-R001 error: 'BedKind' is not a column of the AT "
        "return");
}

TEST_CASE("validate-return --config checks providers against the config's reference data",
          "[e2e]") {
  auto lines = read_lines(kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv");
  REQUIRE(lines.size() > 1);
  auto row = lines[1];
  auto at = row.find(",RP1,RP101,");
  REQUIRE(at != std::string::npos);
  row.replace(at, 11, ",RX9,RX901,");  // a trust and site the MPSL snapshot does not list
  atpipe::testing::TempDir dir("mpsl");
  auto file = dir.path() / "return.csv";
  {
    std::ofstream out(file, std::ios::binary);
    out << lines[0] << "\n" << row << "\n";
  }
  // Without reference data only the codes' shapes are checked: RX9 / RX901 look right.
  auto plain = run_atpipe({"validate-return", file.string(), "--today", "2026-11-23"});
  INFO(plain.out << plain.err);
  CHECK(plain.exit_code == 0);

  auto config = (kRoot / "config/examples/icb_example.yaml").string();
  auto checked =
      run_atpipe({"validate-return", file.string(), "--today", "2026-11-23", "--config", config});
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 6);
  auto got = output_lines(checked.out, file.string());
  REQUIRE(got.size() == 2);
  CHECK(got[0].find("row 2, column Q (CurrentProviderOrganisation): AT-R052 error") == 0);
  CHECK(got[1].find("row 2, column R (ProviderSiteCode): AT-R053 error") == 0);

  // A config and a code lists file are alternatives.
  auto both = run_atpipe({"validate-return", file.string(), "--config", config, "--code-lists",
                          (dir.path() / "lists.yaml").string()});
  CHECK(both.exit_code == 2);
}

namespace {

// The header and the first row of the return atpipe wrote whose Gender is X and whose Mental
// Health Act status is 03, with `change` applied to that row's cells (by column name).
std::filesystem::path return_with(const atpipe::testing::TempDir& dir,
                                  const std::vector<std::pair<std::string, std::string>>& change) {
  auto lines = read_lines(kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv");
  auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) {
      cells.push_back(cell);
    }
    if (!line.empty() && line.back() == ',') {
      cells.emplace_back();
    }
    return cells;
  };
  auto header = split(lines.at(0));
  auto column = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  };
  std::vector<std::string> row;
  for (std::size_t i = 1; i < lines.size() && row.empty(); ++i) {
    auto cells = split(lines[i]);
    if (lines[i].find('"') == std::string::npos && cells.size() == header.size() &&
        cells[column("Gender")] == "X" && cells[column("MentalHealthAct")] == "03" &&
        cells[column("PreviousAdmissionDate")].empty()) {
      row = cells;
    }
  }
  REQUIRE_FALSE(row.empty());
  for (const auto& [name, value] : change) {
    row[column(name)] = value;
  }
  auto file = dir.path() / "return.csv";
  std::ofstream out(file, std::ios::binary);
  out << lines[0] << "\n";
  for (std::size_t i = 0; i < row.size(); ++i) {
    out << (i == 0 ? "" : ",") << row[i];
  }
  out << "\n";
  return file;
}

}  // namespace

TEST_CASE("validate-return reads codes as the pipeline does: case folded, MHA padded", "[e2e]") {
  atpipe::testing::TempDir dir("normalise");
  auto file = return_with(dir, {{"Gender", "x"}, {"MentalHealthAct", "3"}});
  auto r = run_atpipe({"validate-return", file.string(), "--today", "2026-11-23"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());

  // A code no normaliser can make national is still an error.
  auto bad = return_with(dir, {{"MentalHealthAct", "3a"}});
  auto b = run_atpipe({"validate-return", bad.string(), "--today", "2026-11-23"});
  CHECK(b.exit_code == 6);
  CHECK(b.out.find("(MentalHealthAct): AT-R080 error") != std::string::npos);
}

TEST_CASE("validate-return takes the national 'no date' markers as no value", "[e2e]") {
  atpipe::testing::TempDir dir("nodate");
  // 02/01/1900 and Null mean no date (at-spec S19, AT-R003): a warning, not a date in 1900.
  auto file = return_with(dir, {{"PreviousAdmissionDate", "02/01/1900"}});
  auto r = run_atpipe({"validate-return", file.string(), "--today", "2026-11-23", "--warnings"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("(PreviousAdmissionDate): AT-R003 warning") != std::string::npos);
  CHECK(r.out.find("ATP-M001") == std::string::npos);

  // A mandatory date given as Null is missing, and reported as missing, not as unreadable.
  auto null = return_with(dir, {{"DateOfBirth", "Null"}});
  auto n = run_atpipe({"validate-return", null.string(), "--today", "2026-11-23", "--warnings"});
  INFO(n.out << n.err);
  CHECK(n.exit_code == 6);
  CHECK(n.out.find("(DateOfBirth): AT-R003 warning") != std::string::npos);
  CHECK(n.out.find("ATP-M001") == std::string::npos);
}

TEST_CASE("validate-return given a folder says so instead of reading it as empty", "[e2e]") {
  atpipe::testing::TempDir dir("folder");
  auto r = run_atpipe({"validate-return", dir.path().string(), "--today", "2026-11-23"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("is a folder; give the path of the return file itself") != std::string::npos);
  CHECK(r.err.find("0 row(s)") == std::string::npos);
}
