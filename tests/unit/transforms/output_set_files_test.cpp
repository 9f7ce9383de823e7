// OutputSet::add_files(): files written on several threads give the set the serial add() calls
// would, and StreamedFile's entry is the one read back from the file.

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/run_binary.hpp"
#include "transforms/outputs/output_set.hpp"
#include "transforms/outputs/set_manifest.hpp"
#include "transforms/outputs/streamed_file.hpp"

using namespace atpipe;
using atpipe::testing::read_file;
using atpipe::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kPeriod = "2026-10";

// Files of very different sizes (so the threads finish them out of order), some streamed in
// many small writes, one written by name as libxlsxwriter does.
std::vector<std::pair<std::string, std::string>> sample_files() {
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 9; ++i) {
    std::string text;
    for (int row = 0; row < (i % 3 == 0 ? 40000 : 3); ++row) {
      text += "file " + std::to_string(i) + " row " + std::to_string(row) + "\n";
    }
    files.emplace_back("f" + std::to_string(i) + ".csv", text);
  }
  return files;
}

std::vector<transforms::PlannedFile> planned(
    const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<transforms::PlannedFile> plan;
  for (const auto& [name, text] : files) {
    if (name == "f4.csv") {
      plan.push_back({name, {}, [&text](const fs::path& path) -> core::Expected<void> {
                        std::FILE* f = std::fopen(path.c_str(), "wb");
                        std::fwrite(text.data(), 1, text.size(), f);
                        std::fclose(f);
                        return {};
                      }});
      continue;
    }
    plan.push_back({name,
                    [&text](transforms::ByteSink& out) {
                      for (std::size_t at = 0; at < text.size(); at += 1000) {
                        out.write(std::string_view(text).substr(at, 1000));
                      }
                    },
                    {}});
  }
  return plan;
}

transforms::Manifest manifest_of(const fs::path& folder) {
  auto manifest = transforms::parse_manifest(read_file(folder / "MANIFEST"));
  REQUIRE(manifest);
  return *manifest;
}

}  // namespace

TEST_CASE("files added on two threads give the MANIFEST the serial adds give, in order",
          "[unit][outputs]") {
  TempDir dir("set-files");
  const auto files = sample_files();
  auto serial = transforms::OutputSet::begin({dir.path() / "a", kPeriod, "20261123T100000Z-0001"});
  REQUIRE(serial);
  for (const auto& [name, text] : files) {
    REQUIRE(serial->add(name, text));
  }
  auto serial_done = serial->finish(true);
  REQUIRE(serial_done);
  for (unsigned workers : {1U, 2U, 4U}) {
    auto out = dir.path() / ("b" + std::to_string(workers));
    auto threaded = transforms::OutputSet::begin({out, kPeriod, "20261123T100000Z-0001"});
    REQUIRE(threaded);
    REQUIRE(threaded->add_files(planned(files), workers));
    auto done = threaded->finish(true);
    REQUIRE(done);
    auto expected = manifest_of(serial_done->folder).files;
    auto got = manifest_of(done->folder).files;
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].name == expected[i].name);
      CHECK(got[i].size == expected[i].size);
      CHECK(got[i].sha256 == expected[i].sha256);
      CHECK(read_file(done->folder / got[i].name) == files[i].second);
      struct stat info {};
      REQUIRE(::stat((done->folder / got[i].name).c_str(), &info) == 0);
      CHECK((info.st_mode & 0777) == 0600);
    }
  }
}

TEST_CASE("add_files reports the first failure in the files' order, as serial adds would",
          "[unit][outputs]") {
  TempDir dir("set-files-errors");
  auto set = transforms::OutputSet::begin({dir.path() / "out", kPeriod, "20261123T100000Z-0001"});
  REQUIRE(set);
  auto write = [](const std::string& text) {
    return [text](transforms::ByteSink& out) { out.write(text); };
  };
  auto failing = [](const std::string& why) {
    return [why](const fs::path&) -> core::Expected<void> {
      return core::fail(core::ErrorCode::Io, why);
    };
  };
  std::vector<transforms::PlannedFile> files = {{"a.csv", write("a"), {}},
                                                {"b.xlsx", {}, failing("first")},
                                                {"c.xlsx", {}, failing("second")}};
  auto added = set->add_files(std::move(files));
  REQUIRE_FALSE(added);
  CHECK(added.error().message() == "first");

  // A repeated name is refused with add()'s message, after the files before it.
  std::vector<transforms::PlannedFile> repeated = {{"d.csv", write("d"), {}},
                                                   {"d.csv", write("again"), {}}};
  auto twice = set->add_files(std::move(repeated));
  REQUIRE_FALSE(twice);
  CHECK(twice.error().message() == "two outputs are both named 'd.csv'");
  CHECK(read_file(dir.path() / "out" / ".runs" / "2026-10_20261123T100000Z-0001.tmp" / "d.csv") ==
        "d");
}

TEST_CASE("a streamed file's entry is the size and SHA-256 read back from it", "[unit][outputs]") {
  TempDir dir("streamed-file");
  auto folder = transforms::open_folder(dir.path());
  REQUIRE(folder);
  auto file = transforms::StreamedFile::create(folder->get(), "x.csv", dir.path() / "x.csv");
  REQUIRE(file);
  std::string all;
  for (int i = 0; i < 5000; ++i) {
    auto piece = "row " + std::to_string(i) + "\n";
    file->write(piece);
    all += piece;
  }
  auto entry = file->close();
  REQUIRE(entry);
  auto read_back = transforms::describe_file_at(folder->get(), "x.csv", dir.path() / "x.csv");
  REQUIRE(read_back);
  CHECK(entry->size == all.size());
  CHECK(entry->sha256 == transforms::sha256_hex(all));
  CHECK(entry->sha256 == read_back->sha256);
  // The name is taken: a second create never overwrites it.
  CHECK_FALSE(transforms::StreamedFile::create(folder->get(), "x.csv", dir.path() / "x.csv"));
}

TEST_CASE("add_files begins the files in their start order and lists them in theirs",
          "[unit][outputs]") {
  TempDir dir("set-files-start");
  auto set = transforms::OutputSet::begin({dir.path() / "out", kPeriod, "20261123T100000Z-0001"});
  REQUIRE(set);
  std::vector<std::string> begun;
  auto write = [&begun](const std::string& text) {
    return [&begun, text](transforms::ByteSink& out) {
      begun.push_back(text);
      out.write(text);
    };
  };
  std::vector<transforms::PlannedFile> files = {{"a.csv", write("a"), {}, 2},
                                                {"b.csv", write("b"), {}, 0},
                                                {"c.csv", write("c"), {}, 2},
                                                {"d.csv", write("d"), {}, 1}};
  REQUIRE(set->add_files(std::move(files), 1));
  CHECK(begun == std::vector<std::string>{"b", "d", "a", "c"});
  auto done = set->finish(true);
  REQUIRE(done);
  auto listed = manifest_of(done->folder).files;
  REQUIRE(listed.size() == 4);
  CHECK(listed[0].name == "a.csv");
  CHECK(listed[1].name == "b.csv");
  CHECK(listed[2].name == "c.csv");
  CHECK(listed[3].name == "d.csv");
}
