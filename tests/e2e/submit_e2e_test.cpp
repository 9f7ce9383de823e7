#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/support/run_binary.hpp"

using atpipe::testing::read_file;
using atpipe::testing::run_atpipe;
using atpipe::testing::TempDir;

namespace {

const std::filesystem::path kRoot = ATPIPE_SOURCE_DIR;

// The example config with absolute fixture paths, `from` replaced by `to`, and a submission
// section with the folder sink into <dir>/outbox.
std::filesystem::path write_config(const TempDir& dir, const std::string& approval,
                                   const std::string& from = "", const std::string& to = "",
                                   const std::string& extra = "") {
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
  std::filesystem::create_directories(dir.path() / "outbox");
  text += "submission:\n  approval: " + approval + "\n" + extra +
          "  sink:\n    type: folder\n    path: " + (dir.path() / "outbox").string() + "\n";
  auto path = dir.path() / "config.yaml";
  std::ofstream(path) << text;
  return path;
}

std::vector<std::string> env(const TempDir& dir) {
  return {"ATPIPE_OUT_DIR=" + (dir.path() / "out").string(),
          "ATPIPE_STATE_DIR=" + (dir.path() / "state").string()};
}

atpipe::testing::BinaryResult run(const TempDir& dir, const std::filesystem::path& config) {
  return run_atpipe({"run", "--once", "--config", config.string(), "--period", "2026-10", "--today",
                     "2026-11-23"},
                    env(dir));
}

atpipe::testing::BinaryResult submit(const TempDir& dir, const std::filesystem::path& config,
                                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--log-level",   "warn",     "submit", "--config",
                                   config.string(), "--period", "2026-10"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_atpipe(args, env(dir));
}

std::size_t delivered(const TempDir& dir) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox")) {
    n += entry.path().filename().string().front() != '.' ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST_CASE("a run with a failed AT source leaves no submittable return", "[e2e][submit]") {
  TempDir dir("submit-failed-source");
  auto config =
      write_config(dir, "auto", "icb_example/la_placements.csv", "icb_example/no_such_file.csv");
  REQUIRE(run(dir, config).exit_code == 4);
  auto r = submit(dir, config);
  CHECK(r.exit_code == 8);
  CHECK(r.err.find("is partial and its return may not be sent: source 'la_placements' failed") !=
        std::string::npos);
  CHECK(delivered(dir) == 0);
}

TEST_CASE("a run with no census at the cut leaves no submittable return", "[e2e][submit]") {
  TempDir dir("submit-no-census");
  auto config = write_config(dir, "auto", "icb_example/census", "icb_example/census_late");
  (void)run(dir, config);
  auto r = submit(dir, config);
  CHECK(r.exit_code == 8);
  CHECK(r.err.find("no census at the cut") != std::string::npos);
  CHECK(delivered(dir) == 0);
}

TEST_CASE("sign-off: the return waits until approved, then goes once", "[e2e][submit]") {
  TempDir dir("submit-approval");
  auto config = write_config(dir, "required");
  REQUIRE(run(dir, config).exit_code == 0);
  auto dry = submit(dir, config, {"--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("would wait for sign-off") != std::string::npos);
  auto held = submit(dir, config);
  CHECK(held.exit_code == 9);
  CHECK(held.out.find("waits for sign-off") != std::string::npos);
  CHECK(delivered(dir) == 0);
  // Asking again changes nothing: it still waits.
  CHECK(submit(dir, config).exit_code == 9);
  auto no_by =
      run_atpipe({"submit", "--config", config.string(), "--approve", "2026-10"}, env(dir));
  CHECK(no_by.exit_code == 2);
  auto approved = run_atpipe({"--log-level", "warn", "submit", "--config", config.string(),
                              "--approve", "2026-10", "--by", "A. Analyst"},
                             env(dir));
  CHECK(approved.exit_code == 0);
  CHECK(approved.out.find("sent AT_upload_QPM_2026-10.csv (") != std::string::npos);
  CHECK(delivered(dir) == 1);
  auto history = run_atpipe({"submissions", "--config", config.string()}, env(dir));
  CHECK(history.exit_code == 0);
  CHECK(history.out.find("acknowledged") != std::string::npos);
  CHECK(history.out.find("approved by A. Analyst") != std::string::npos);
  // The delivered file passes the strict check of the profile it was made by.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox")) {
    auto check = run_atpipe(
        {"validate-return", "--profile", "--config", config.string(), entry.path().string()},
        env(dir));
    CHECK(check.exit_code == 0);
  }
}

TEST_CASE("the same return again is refused without --resubmit --reason", "[e2e][submit]") {
  TempDir dir("submit-resubmit");
  auto config = write_config(dir, "auto");
  REQUIRE(run(dir, config).exit_code == 0);
  REQUIRE(submit(dir, config).exit_code == 0);
  auto again = submit(dir, config);
  CHECK(again.exit_code == 8);
  CHECK(again.err.find("already sent") != std::string::npos);
  CHECK(submit(dir, config, {"--resubmit"}).exit_code == 2);
  CHECK(delivered(dir) == 1);
  auto resent = submit(dir, config, {"--resubmit", "--reason", "CAP lost the upload"});
  CHECK(resent.exit_code == 0);
  CHECK(delivered(dir) == 2);
  auto history = run_atpipe({"submissions", "--config", config.string()}, env(dir));
  CHECK(history.out.find("resubmitted: CAP lost the upload") != std::string::npos);
}

TEST_CASE("a whole return is not an upload file: validate-return --profile says why",
          "[e2e][submit]") {
  TempDir dir("submit-profile-check");
  auto config = write_config(dir, "auto");
  REQUIRE(run(dir, config).exit_code == 0);
  auto r = run_atpipe(
      {"validate-return", "--profile", (dir.path() / "out/AT_QPM_2026-10.csv").string()}, env(dir));
  CHECK(r.exit_code == 6);
  CHECK(r.out.find("header has 66 columns; the profile has 61") != std::string::npos);
}

TEST_CASE("a return that changed after it was put up for sign-off needs sign-off again",
          "[e2e][submit]") {
  TempDir dir("submit-changed");
  auto config = write_config(dir, "required");
  REQUIRE(run(dir, config).exit_code == 0);
  REQUIRE(submit(dir, config).exit_code == 9);
  // The same run, another upload profile: another file, another content hash.
  auto changed = write_config(dir, "required", "", "",
                              "  profile: { columns: [local_id, nhs_number, admission_date] }\n");
  auto refused = run_atpipe({"--log-level", "warn", "submit", "--config", changed.string(),
                             "--approve", "2026-10", "--by", "A. Analyst"},
                            env(dir));
  CHECK(refused.exit_code == 8);
  CHECK(refused.err.find("is not the one waiting for sign-off") != std::string::npos);
  CHECK(delivered(dir) == 0);
  CHECK(submit(dir, changed).exit_code == 9);
  auto history = run_atpipe({"submissions", "--config", changed.string()}, env(dir));
  CHECK(history.out.find("superseded by a changed return") != std::string::npos);
  CHECK(history.out.find("awaiting_approval") != std::string::npos);
  auto approved = run_atpipe({"--log-level", "warn", "submit", "--config", changed.string(),
                              "--approve", "2026-10", "--by", "A. Analyst"},
                             env(dir));
  CHECK(approved.exit_code == 0);
  CHECK(delivered(dir) == 1);
}
