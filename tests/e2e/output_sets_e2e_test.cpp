#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = ATPIPE_SOURCE_DIR;
const fs::path kConfig = kRoot / "config/examples/icb_example.yaml";

// The example config with its fixture paths made absolute and `from` replaced by `to`.
fs::path config_copy(const TempDir& dir, const std::string& from = "", const std::string& to = "") {
  auto text = read_file(kConfig);
  if (!from.empty()) {
    text.replace(text.find(from), from.size(), to);
  }
  const std::string rel = "../../fixtures";
  for (auto at = text.find(rel); at != std::string::npos; at = text.find(rel, at)) {
    text.replace(at, rel.size(), (kRoot / "fixtures").string());
  }
  auto path = dir.path() / (from.empty() ? "good.yaml" : "changed.yaml");
  std::ofstream(path) << text;
  return path;
}

atpipe::testing::BinaryResult run(const TempDir& dir, const fs::path& config) {
  return run_atpipe({"run", "--once", "--config", config.string(), "--period", "2026-10", "--today",
                     "2026-11-23"},
                    {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
                     "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()});
}

// Every file the published set of 2026-10 holds, by name, with its contents.
std::map<std::string, std::string> published(const TempDir& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::directory_iterator(dir.path() / "out" / "2026-10")) {
    files[entry.path().filename().string()] = read_file(entry.path());
  }
  return files;
}

}  // namespace

TEST_CASE("a run publishes its outputs as one set with a MANIFEST", "[e2e]") {
  TempDir dir("sets");
  auto r = run(dir, config_copy(dir));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  auto out = dir.path() / "out";
  REQUIRE(fs::is_symlink(out / "2026-10"));
  CHECK(fs::read_symlink(out / "2026-10").string().rfind(".runs/2026-10_", 0) == 0);
  auto files = published(dir);
  std::istringstream manifest(files.at("MANIFEST"));
  std::string line;
  std::size_t listed = 0;
  while (std::getline(manifest, line)) {
    if (line.rfind("file ", 0) != 0) {
      continue;
    }
    std::istringstream fields(line.substr(5));
    std::string sha;
    std::size_t size = 0;
    std::string name;
    fields >> sha >> size >> name;
    INFO(name);
    REQUIRE(files.count(name) == 1);
    CHECK(files.at(name).size() == size);
    // The stable name the README gives resolves to the same file.
    CHECK(read_file(out / name) == files.at(name));
    ++listed;
  }
  CHECK(files.at("MANIFEST").find("status complete\n") != std::string::npos);
  CHECK(listed + 1 == files.size());
  CHECK(files.count("AT_QPM_2026-10.csv") == 1);
  CHECK(files.count("summary_QPM_2026-10.xlsx") == 1);
}

TEST_CASE("a partial run leaves the complete outputs of its period as they were", "[e2e]") {
  TempDir dir("sets-partial");
  REQUIRE(run(dir, config_copy(dir)).exit_code == 0);
  auto before = published(dir);
  auto r = run(dir, config_copy(dir, "la_placements.csv", "la_placements_missing.csv"));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(published(dir) == before);
  // The run says where its own outputs went.
  CHECK(r.out.find(".runs/2026-10_") != std::string::npos);
  CHECK(r.out.find("-partial/AT_QPM_2026-10.csv") != std::string::npos);
  CHECK(r.err.find("not published") != std::string::npos);
}

TEST_CASE("a run removes what an interrupted run left in the output folder", "[e2e]") {
  TempDir dir("sets-stale");
  auto out = dir.path() / "out";
  fs::create_directories(out / ".runs" / "2026-10_20261101T000000Z-dead.tmp");
  std::ofstream(out / "rejects_QPM_2026-10.csv.tmp123456") << "Source,File,Row\n";
  auto r = run(dir, config_copy(dir));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(out / "rejects_QPM_2026-10.csv.tmp123456"));
  CHECK_FALSE(fs::exists(out / ".runs" / "2026-10_20261101T000000Z-dead.tmp"));
  CHECK(r.err.find("'rejects_QPM_2026-10.csv.tmp123456'") != std::string::npos);
}

TEST_CASE("outputs.keep_sets bounds the sets kept per period", "[e2e]") {
  TempDir dir("sets-keep");
  const std::string key = "directory: \"${ATPIPE_OUT_DIR:-../../out}\"";
  auto config = config_copy(dir, key, key + "\n  keep_sets: 1");
  REQUIRE(run(dir, config).exit_code == 0);
  REQUIRE(run(dir, config).exit_code == 0);
  std::size_t sets = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "out" / ".runs")) {
    sets += entry.is_directory() ? 1 : 0;
  }
  CHECK(sets == 1);
  CHECK(published(dir).count("MANIFEST") == 1);
  auto zero = config_copy(dir, key, key + "\n  keep_sets: 0");
  auto r = run_atpipe({"check-config", zero.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("'keep_sets' in outputs must be 1 or more") != std::string::npos);
}

TEST_CASE("a misspelt mapped column changes neither the outputs nor the query list", "[e2e]") {
  TempDir dir("sets-misspelt");
  REQUIRE(run(dir, config_copy(dir)).exit_code == 0);
  const std::vector<std::string> list = {"queries",  "list",
                                         "--status", "all",
                                         "--state",  (dir.path() / "state" / "state.db").string()};
  auto queries_before = run_atpipe(list);
  REQUIRE(queries_before.exit_code == 0);
  REQUIRE(queries_before.out.find("QPM") != std::string::npos);
  auto outputs_before = published(dir);

  // The case: one mapped column of the trust's extract misspelt.
  auto bad = config_copy(dir, "admission_source: \"Admission Source\"",
                         "admission_source: \"Admission Sauce\"");
  auto r = run(dir, bad);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(r.out.find("nhft_inpatients") != std::string::npos);
  CHECK(r.out.find("Admission Sauce") != std::string::npos);
  CHECK(published(dir) == outputs_before);
  auto queries_after = run_atpipe(list);
  CHECK(queries_after.out == queries_before.out);

  // check-config --probe finds it before any run.
  auto probe = run_atpipe({"check-config", "--probe", bad.string()});
  CHECK(probe.exit_code == 3);
  CHECK(probe.err.find("'Admission Sauce'") != std::string::npos);
}
