#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_lines;
using atpipe::testing::run_atpipe;

namespace {
const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;
}

TEST_CASE("validate-return accepts the return atpipe wrote", "[e2e]") {
  auto r = run_atpipe({"validate-return",
                       (kRoot / "fixtures/icb_example/expected/AT_QPM_2026-10.csv").string(),
                       "--today", "2026-11-23"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("28 row(s), 0 error(s)") != std::string::npos);
}

TEST_CASE("validate-return reports every planted problem and nothing else", "[e2e]") {
  auto file = kRoot / "fixtures/returns/broken_return.csv";
  auto r = run_atpipe({"validate-return", file.string(), "--today", "2026-11-23"});
  CHECK(r.exit_code == 6);
  std::vector<std::string> got;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    REQUIRE(line.rfind(file.string() + ": ", 0) == 0);
    got.push_back(line.substr(file.string().size() + 2));
  }
  CHECK(got == read_lines(kRoot / "fixtures/returns/broken_return.expected.txt"));
}

TEST_CASE("check-config reports a linkage setting the engine cannot run", "[e2e]") {
  atpipe::testing::TempDir dir("linkcfg");
  auto text = atpipe::testing::read_file(kRoot / "config/examples/icb_example.yaml");
  auto at = text.find("  method: probabilistic");
  REQUIRE(at != std::string::npos);
  text.insert(at, "  blocking: [[date_of_birth, shoe_size]]\n");
  // check-config does not open the sources, so the copy may live anywhere.
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
