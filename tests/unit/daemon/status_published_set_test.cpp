#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "daemon/status/published_set.hpp"
#include "transforms/outputs/set_manifest.hpp"

namespace atpipe::daemon::status {
namespace {

// A published set for 2026-10 in a fresh outputs folder: every name in `files` written (with
// `rejects` as the reject log) and listed in its MANIFEST; out/2026-10 links to it as a run does.
struct PublishedSet {
  std::filesystem::path out =
      std::filesystem::temp_directory_path() / ("atpipe-published-" + std::to_string(::getpid()));
  config::Config cfg;

  PublishedSet(const std::vector<std::string>& files, const std::string& rejects) {
    std::filesystem::remove_all(out);
    const auto set = out / ".runs" / "2026-10_20261123T101500Z-3f2a";
    std::filesystem::create_directories(set);
    transforms::Manifest manifest{"20261123T101500Z-3f2a", "2026-10", true, {}};
    for (const auto& name : files) {
      std::ofstream(set / name) << (name.rfind("rejects", 0) == 0 ? rejects : "x");
      manifest.files.push_back({name, 1, std::string(64, 'a')});
    }
    std::ofstream(set / "stray.csv") << "not listed";
    std::ofstream(set / transforms::kManifestName) << transforms::render_manifest(manifest);
    std::filesystem::create_directory_symlink(set, out / "2026-10");
    cfg.outputs.directory = out;
    cfg.organisation.commissioner = "QPM";
  }
  ~PublishedSet() { std::filesystem::remove_all(out); }
};

}  // namespace

TEST_CASE("downloads: only the set's query list files in CSV and XLSX", "[unit][status]") {
  PublishedSet set(
      {"AT_QPM_2026-10.csv", "queries_QPM_2026-10.csv", "queries_QPM_2026-10.xlsx",
       "queries_QPM_2026-10.html", "queries_QPM_2026-10_RP1.csv", "rejects_QPM_2026-10.csv"},
      "");
  auto downloads = published_downloads(set.cfg, "2026-10");
  REQUIRE(downloads);
  CHECK(downloads->folder == set.out / "2026-10");
  CHECK(downloads->files == std::vector<std::string>{"queries_QPM_2026-10.csv",
                                                     "queries_QPM_2026-10.xlsx",
                                                     "queries_QPM_2026-10_RP1.csv"});
  CHECK_FALSE(published_downloads(set.cfg, "2026-09"));
  CHECK_FALSE(published_downloads(set.cfg, "../2026-10"));
  CHECK_FALSE(published_downloads(set.cfg, ".runs"));
}

TEST_CASE("rejects: errors counted by source, rule and field, values never read",
          "[unit][status]") {
  PublishedSet set({"rejects_QPM_2026-10.csv"},
                   "Source,File,Row,LocalId,Field,Rule,Severity,Reason\r\n"
                   "nhft,a.csv,5,N1,date_of_birth,AT-R023,error,date of birth is in the future\r\n"
                   "nhft,a.csv,9,N2,date_of_birth,AT-R023,error,\"quoted, with \"\"quotes\"\"\r\n"
                   "and a line break\"\r\n"
                   "la,b.csv,2,L1,nhs_number,AT-R010,error,x\r\n");
  auto groups = published_rejects(set.cfg, "2026-10");
  REQUIRE(groups);
  REQUIRE(groups->size() == 2);
  CHECK((*groups)[0].source == "la");
  CHECK((*groups)[0].rule == "AT-R010");
  CHECK((*groups)[0].count == 1);
  CHECK((*groups)[1].source == "nhft");
  CHECK((*groups)[1].field == "date_of_birth");
  CHECK((*groups)[1].severity == "error");
  CHECK((*groups)[1].count == 2);
  auto none = published_rejects(set.cfg, "2026-11");
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("periods: only YYYY-MM", "[unit][status]") {
  CHECK(is_period("2026-10"));
  CHECK_FALSE(is_period("2026-1"));
  CHECK_FALSE(is_period("2026/10"));
  CHECK_FALSE(is_period("20-6-10"));
  CHECK_FALSE(is_period("..-..-."));
}

}  // namespace atpipe::daemon::status
