#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/support/run_binary.hpp"
#include "transforms/outputs/output_set.hpp"
#include "transforms/outputs/set_manifest.hpp"
#include "transforms/outputs/set_publish.hpp"

using namespace atpipe;
using atpipe::testing::read_file;
using atpipe::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kPeriod = "2026-10";

// Writes a set of two files with `tag` in their contents and finishes it.
transforms::FinishedSet write_set(const fs::path& dir, const std::string& run_id,
                                  const std::string& tag, bool complete = true,
                                  std::size_t keep = 5) {
  auto set = transforms::OutputSet::begin({dir, kPeriod, run_id, keep});
  REQUIRE(set);
  REQUIRE(set->add("AT_QPM_2026-10.csv", "return " + tag + "\r\n"));
  REQUIRE(set->add("queries_QPM_2026-10.csv", "queries " + tag + "\n"));
  auto done = set->finish(complete);
  REQUIRE(done);
  return *done;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("SHA-256 is the standard digest", "[unit][outputs]") {
  CHECK(transforms::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(transforms::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("a finished set holds its files and a MANIFEST with their sizes and checksums",
          "[unit][outputs]") {
  TempDir dir("set-manifest");
  auto out = dir.path() / "out";
  auto done = write_set(out, "20261123T100000Z-0001", "one");
  CHECK(done.published);
  CHECK(done.folder == out / ".runs" / "2026-10_20261123T100000Z-0001");
  auto manifest = transforms::parse_manifest(read_file(done.folder / "MANIFEST"));
  REQUIRE(manifest);
  CHECK(manifest->run_id == "20261123T100000Z-0001");
  CHECK(manifest->period == kPeriod);
  CHECK(manifest->complete);
  REQUIRE(manifest->files.size() == 2);
  for (const auto& f : manifest->files) {
    auto content = read_file(done.folder / f.name);
    CHECK(f.size == content.size());
    CHECK(f.sha256 == transforms::sha256_hex(content));
    CHECK(mode_of(done.folder / f.name) == 0600);
  }
  CHECK(mode_of(done.folder) == 0700);
  // Published: the period name and the stable file names resolve to this set.
  CHECK(fs::read_symlink(out / kPeriod) == fs::path(".runs/2026-10_20261123T100000Z-0001"));
  CHECK(fs::is_symlink(out / "AT_QPM_2026-10.csv"));
  CHECK(read_file(out / "AT_QPM_2026-10.csv") == "return one\r\n");
  CHECK(transforms::published_status(out, kPeriod) == transforms::PublishedStatus::Complete);
}

TEST_CASE("a manifest that was tampered with or cut short is not read as one", "[unit][outputs]") {
  transforms::Manifest m{"R1", kPeriod, false, {{"a b.csv", 3, transforms::sha256_hex("abc")}}};
  auto text = transforms::render_manifest(m);
  auto back = transforms::parse_manifest(text);
  REQUIRE(back);
  CHECK_FALSE(back->complete);
  CHECK(back->files.at(0).name == "a b.csv");
  CHECK_FALSE(transforms::parse_manifest(text.substr(0, 20)));
  CHECK_FALSE(transforms::parse_manifest(text + "file nothex 3 x\n"));
  CHECK_FALSE(transforms::parse_manifest(text + "file " + std::string(64, 'a') +
                                         " 123456789012345678901234 x\n"));
}

TEST_CASE("a newer complete set replaces the published one; old sets beyond keep go",
          "[unit][outputs]") {
  TempDir dir("set-switch");
  auto out = dir.path() / "out";
  write_set(out, "20261123T100000Z-0001", "one", true, 2);
  write_set(out, "20261124T100000Z-0002", "two", true, 2);
  CHECK(read_file(out / "AT_QPM_2026-10.csv") == "return two\r\n");
  CHECK(fs::exists(out / ".runs" / "2026-10_20261123T100000Z-0001"));
  auto third = write_set(out, "20261125T100000Z-0003", "three", true, 2);
  CHECK(third.pruned == std::vector<std::string>{"2026-10_20261123T100000Z-0001"});
  CHECK_FALSE(fs::exists(out / ".runs" / "2026-10_20261123T100000Z-0001"));
  CHECK(fs::exists(out / ".runs" / "2026-10_20261124T100000Z-0002"));
  CHECK(read_file(out / kPeriod / "queries_QPM_2026-10.csv") == "queries three\n");
}

TEST_CASE("a partial set is never published over a complete one", "[unit][outputs]") {
  TempDir dir("set-partial");
  auto out = dir.path() / "out";
  write_set(out, "20261123T100000Z-0001", "good");
  auto partial = write_set(out, "20261124T100000Z-0002", "bad", false);
  CHECK_FALSE(partial.published);
  CHECK(partial.folder == out / ".runs" / "2026-10_20261124T100000Z-0002-partial");
  CHECK(read_file(partial.folder / "AT_QPM_2026-10.csv") == "return bad\r\n");
  auto manifest = transforms::parse_manifest(read_file(partial.folder / "MANIFEST"));
  REQUIRE(manifest);
  CHECK_FALSE(manifest->complete);
  CHECK(read_file(out / "AT_QPM_2026-10.csv") == "return good\r\n");
  CHECK(fs::read_symlink(out / kPeriod) == fs::path(".runs/2026-10_20261123T100000Z-0001"));
}

TEST_CASE("a partial set is published when there is no complete set, and replaced later",
          "[unit][outputs]") {
  TempDir dir("set-partial-first");
  auto out = dir.path() / "out";
  SECTION("nothing yet") {
    CHECK(write_set(out, "20261123T100000Z-0001", "bad", false).published);
    CHECK(transforms::published_status(out, kPeriod) == transforms::PublishedStatus::Partial);
    CHECK(write_set(out, "20261124T100000Z-0002", "good").published);
    CHECK(read_file(out / "AT_QPM_2026-10.csv") == "return good\r\n");
  }
  SECTION("plain files of an older version are kept from a partial run") {
    fs::create_directories(out);
    write_text(out / "AT_QPM_2026-10.csv", "old good return");
    CHECK_FALSE(write_set(out, "20261123T100000Z-0001", "bad", false).published);
    CHECK(read_file(out / "AT_QPM_2026-10.csv") == "old good return");
    CHECK(write_set(out, "20261124T100000Z-0002", "good").published);
    CHECK(fs::is_symlink(out / "AT_QPM_2026-10.csv"));
  }
}

TEST_CASE("stale temporaries of killed runs are removed when the next set begins",
          "[unit][outputs]") {
  TempDir dir("set-stale");
  auto out = dir.path() / "out";
  fs::create_directories(out / ".runs" / "2026-10_20261120T100000Z-0009.tmp");
  write_text(out / ".runs" / "2026-10_20261120T100000Z-0009.tmp" / "AT_QPM_2026-10.csv", "x");
  write_text(out / "rejects_QPM_2026-10.csv.tmp123456", "patient data");
  fs::create_symlink(".runs/nowhere", out / "2026-10.tmp42");
  write_text(out / "notes.tmp", "kept");
  write_text(out / "notes.tmp1234567", "kept: not a name atpipe makes");
  auto set = transforms::OutputSet::begin({out, kPeriod, "20261123T100000Z-0001", 5});
  REQUIRE(set);
  auto removed = set->removed_stale();
  std::sort(removed.begin(), removed.end());
  CHECK(removed == std::vector<std::string>{".runs/2026-10_20261120T100000Z-0009.tmp",
                                            "2026-10.tmp42", "rejects_QPM_2026-10.csv.tmp123456"});
  CHECK_FALSE(fs::exists(out / "rejects_QPM_2026-10.csv.tmp123456"));
  CHECK(fs::exists(out / "notes.tmp"));
  CHECK(fs::exists(out / "notes.tmp1234567"));
}

TEST_CASE("a set abandoned on an error leaves no temporary folder", "[unit][outputs]") {
  TempDir dir("set-abandon");
  auto out = dir.path() / "out";
  {
    auto set = transforms::OutputSet::begin({out, kPeriod, "20261123T100000Z-0001", 5});
    REQUIRE(set);
    REQUIRE(set->add("a.csv", "x"));
    CHECK(fs::exists(out / ".runs" / "2026-10_20261123T100000Z-0001.tmp" / "a.csv"));
    // Names that would escape the folder, collide or hide are refused.
    CHECK_FALSE(set->add("a.csv", "again"));
    CHECK_FALSE(set->add("../escape.csv", "x"));
    CHECK_FALSE(set->add("MANIFEST", "x"));
    CHECK_FALSE(set->add(kPeriod, "x"));
  }
  CHECK_FALSE(fs::exists(out / ".runs" / "2026-10_20261123T100000Z-0001.tmp"));
  CHECK_FALSE(fs::exists(out / kPeriod));
}

TEST_CASE("a symlink planted at a temporary name is never followed", "[unit][outputs]") {
  TempDir dir("set-symlink");
  auto out = dir.path() / "out";
  auto victim = dir.path() / "victim.txt";
  write_text(victim, "precious");
  fs::permissions(victim, fs::perms(0644), fs::perm_options::replace);
  fs::create_directories(out / ".runs");
  SECTION("at the set folder's own temporary name") {
    fs::create_directories(dir.path() / "elsewhere");
    fs::create_directory_symlink(dir.path() / "elsewhere",
                                 out / ".runs" / "2026-10_20261123T100000Z-0001.tmp");
    write_set(out, "20261123T100000Z-0001", "one");
    CHECK(fs::is_empty(dir.path() / "elsewhere"));
  }
  SECTION("at the temporary names older versions used beside each output") {
    fs::create_symlink(victim, out / "summary_QPM_2026-10.xlsx.tmp123456");
    write_set(out, "20261123T100000Z-0001", "one");
    CHECK_FALSE(fs::exists(fs::symlink_status(out / "summary_QPM_2026-10.xlsx.tmp123456")));
  }
  SECTION("at a file's name inside the set, or at a workbook's temporary") {
    auto set = transforms::OutputSet::begin({out, kPeriod, "20261123T100000Z-0001", 5});
    REQUIRE(set);
    auto folder = out / ".runs" / "2026-10_20261123T100000Z-0001.tmp";
    fs::create_symlink(victim, folder / "AT_QPM_2026-10.csv");
    CHECK_FALSE(set->add("AT_QPM_2026-10.csv", "overwrite"));
    auto target = set->path_for("summary_QPM_2026-10.xlsx");
    REQUIRE(target);
    auto tmp = transforms::temp_beside(*target);
    REQUIRE_FALSE(tmp.empty());
    CHECK(mode_of(tmp.parent_path()) == 0700);
    fs::create_symlink(victim, tmp);
    CHECK_FALSE(transforms::commit_temp(tmp, *target));
    CHECK_FALSE(set->adopt("AT_QPM_2026-10.csv"));
  }
  CHECK(read_file(victim) == "precious");
  CHECK(mode_of(victim) == 0644);
}

TEST_CASE("folders and files stay private whatever the umask", "[unit][outputs]") {
  TempDir dir("set-umask");
  auto out = dir.path() / "new" / "out";
  auto old_mask = ::umask(0);
  auto done = write_set(out, "20261123T100000Z-0001", "one");
  ::umask(old_mask);
  CHECK(mode_of(out) == 0700);
  CHECK(mode_of(out / ".runs") == 0700);
  CHECK(mode_of(done.folder) == 0700);
  CHECK(mode_of(done.folder / "MANIFEST") == 0600);
  CHECK(mode_of(out / ".runs" / ".lock") == 0600);
}
