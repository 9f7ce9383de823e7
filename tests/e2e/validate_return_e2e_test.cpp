#include <catch2/catch.hpp>
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
