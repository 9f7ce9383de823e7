#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;

// The example config with absolute fixture paths; `from` replaced by `to` when given.
std::filesystem::path write_config(const TempDir& dir, const std::string& from = "",
                                   const std::string& to = "") {
  auto text = read_file(kRoot / "config/examples/icb_example.yaml");
  const std::string rel = "../../fixtures";
  for (auto at = text.find(rel); at != std::string::npos; at = text.find(rel, at)) {
    text.replace(at, rel.size(), (kRoot / "fixtures").string());
  }
  if (!from.empty()) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }
  auto path = dir.path() / (from.empty() ? "config.yaml" : "edited.yaml");
  std::ofstream(path) << text;
  return path;
}

atpipe::testing::BinaryResult run(const TempDir& dir, const std::filesystem::path& config,
                                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run",      "--once",  "--config", config.string(),
                                   "--period", "2026-10", "--today",  "2026-11-23"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_atpipe(args, {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                           "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
}

std::string all_queries(const TempDir& dir) {
  auto r = run_atpipe(
      {"queries", "list", "--status", "all", "--state", (dir.path() / "state/state.db").string()});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("a run on a state another run holds exits 7 after --lock-wait", "[e2e]") {
  TempDir dir("locked");
  std::filesystem::create_directories(dir.path() / "state");
  int fd = ::open((dir.path() / "state/state.db.lock").c_str(), O_RDWR | O_CREAT, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  const auto before = std::chrono::steady_clock::now();
  auto r = run(dir, write_config(dir), {"--lock-wait", "1"});
  const auto waited = std::chrono::steady_clock::now() - before;
  ::close(fd);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 7);
  CHECK(r.err.find("another atpipe run is working on this state") != std::string::npos);
  CHECK(waited >= std::chrono::seconds(1));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "state/state.db"));
  // Once the other run has gone, the same command runs.
  CHECK(run(dir, write_config(dir), {"--lock-wait", "1"}).exit_code == 0);
}

TEST_CASE("a run without its census is partial, says so and leaves the queries alone", "[e2e]") {
  TempDir dir("no-census");
  REQUIRE(run(dir, write_config(dir)).exit_code == 0);
  const auto before = all_queries(dir);
  REQUIRE(before.find("AT_ONLY") != std::string::npos);

  auto r = run(dir, write_config(dir, "icb_example/census", "icb_example/census_late"));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.out.find("census: MISSING at the cut") != std::string::npos);
  CHECK(r.out.find("queries: not changed (partial run)") != std::string::npos);
  CHECK(all_queries(dir) == before);

  auto runs = run_atpipe({"runs", "--state", (dir.path() / "state/state.db").string()});
  REQUIRE(runs.exit_code == 0);
  CHECK(runs.out.find("partial") != std::string::npos);
  CHECK(std::count(runs.out.begin(), runs.out.end(), '\n') == 3);
}
