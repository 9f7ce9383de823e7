#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "connectors/csv/csv_files.hpp"
#include "connectors/csv/csv_source.hpp"
#include "core/regular_file.hpp"
#include "csv_test_files.hpp"

namespace atpipe::connectors::csv {
namespace {

using test::TempDir;
using Values = std::vector<std::string>;

core::Expected<core::PullResult> pull(const CsvConfig& config) {
  CsvSource source("census", std::make_shared<const CsvConfig>(config), 4096);
  return source.pull(core::PullContext{});
}

CsvConfig config_for(const std::filesystem::path& path) {
  CsvConfig config;
  config.path = path;
  return config;
}

std::vector<std::string> files_of(const core::PullResult& result) {
  std::vector<std::string> out;
  for (const auto& batch : result.batches) {
    out.push_back(batch.file);
  }
  return out;
}

}  // namespace

TEST_CASE("csv source: one file is one batch", "[unit][csv]") {
  TempDir dir;
  const auto file = dir.write("census.csv", "id,name\r\n1,Ann\r\n2,Bob\r\n");
  const auto result = pull(config_for(file));
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 1);
  const auto& batch = result->batches[0];
  CHECK(batch.file == file.string());
  CHECK(batch.header == Values{"id", "name"});
  REQUIRE(batch.rows.size() == 2);
  CHECK(batch.rows[1].row == 3);
  CHECK(batch.rows[1].values == Values{"2", "Bob"});
}

TEST_CASE("csv source: a directory gives its *.csv files in name order", "[unit][csv]") {
  TempDir dir;
  dir.write("b.csv", "id\n2\n");
  dir.write("a.csv", "id\n1\n");
  dir.write("c.txt", "id\n3\n");
  dir.write(".upload.csv", "id\n");  // hidden: an upload still in progress
  std::filesystem::create_directories(dir.path() / "old.csv");
  const auto result = pull(config_for(dir.path()));
  REQUIRE(result.has_value());
  CHECK(files_of(*result) ==
        Values{(dir.path() / "a.csv").string(), (dir.path() / "b.csv").string()});
  CHECK(result->batches[0].rows[0].values == Values{"1"});

  auto with_glob = config_for(dir.path());
  with_glob.glob = "*.txt";
  const auto txt = pull(with_glob);
  REQUIRE(txt.has_value());
  CHECK(files_of(*txt) == Values{(dir.path() / "c.txt").string()});
}

TEST_CASE("csv source: a pattern in the path matches file names in byte order", "[unit][csv]") {
  TempDir dir;
  for (const std::string name : {"census_2.csv", "census_10.csv", "census_1.csv", "other.csv"}) {
    dir.write(name, "id\n1\n");
  }
  const auto result = pull(config_for(dir.path() / "census_*.csv"));
  REQUIRE(result.has_value());
  CHECK(files_of(*result) == Values{(dir.path() / "census_1.csv").string(),
                                    (dir.path() / "census_10.csv").string(),
                                    (dir.path() / "census_2.csv").string()});
}

TEST_CASE("csv source: nothing to read is an error unless required is false", "[unit][csv]") {
  TempDir dir;
  const std::string root = dir.path().string();

  auto missing = pull(config_for(dir.path() / "missing.csv"));
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().code() == core::ErrorCode::NotFound);
  CHECK(missing.error().describe() == "source 'census': file '" + root +
                                          "/missing.csv' does not exist (set 'required: false' "
                                          "if that can happen)");

  auto empty_dir = pull(config_for(dir.path()));
  REQUIRE_FALSE(empty_dir.has_value());
  CHECK(empty_dir.error().describe() == "source 'census': no file in '" + root +
                                            "' matches '*.csv' (set 'required: false' if that "
                                            "can happen)");

  auto pattern = pull(config_for(dir.path() / "census_*.csv"));
  REQUIRE_FALSE(pattern.has_value());
  CHECK(pattern.error().describe() == "source 'census': no file matches '" + root +
                                          "/census_*.csv' (set 'required: false' if that can "
                                          "happen)");

  auto no_dir = config_for(dir.path() / "gone");
  no_dir.glob = "*.csv";
  auto gone = pull(no_dir);
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().describe() == "source 'census': directory '" + root +
                                       "/gone' does not exist (set 'required: false' if that "
                                       "can happen)");

  for (const auto& path : {dir.path() / "missing.csv", dir.path(), dir.path() / "census_*.csv"}) {
    auto optional = config_for(path);
    optional.required = false;
    const auto result = pull(optional);
    REQUIRE(result.has_value());
    CHECK(result->batches.empty());
  }
}

TEST_CASE("csv source: one bad file fails the whole source", "[unit][csv]") {
  TempDir dir;
  dir.write("a.csv", "id,name\n1,Ann\n");
  const auto bad = dir.write("b.csv", "id,name\n1,Ann\n2,\"Bob\n");
  const auto result = pull(config_for(dir.path()));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().describe() == "source 'census', file '" + bad.string() +
                                         "', row 3: unterminated quote: field 2 opens a quote "
                                         "that is not closed before the end of the file");
}

TEST_CASE("csv source: glob set while path is a file is a config error", "[unit][csv]") {
  TempDir dir;
  auto config = config_for(dir.write("a.csv", "id\n1\n"));
  config.glob = "*.csv";
  const auto result = pull(config);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Config);
  CHECK(result.error().describe() == "source 'census': 'glob' is set but '" + config.path.string() +
                                         "' is a file, not a directory");
}

TEST_CASE("csv source: a file that cannot be read is an io error naming it", "[unit][csv]") {
  TempDir dir;
  const core::Provenance where{"census", dir.path().string(), 0, ""};
  const auto directory = core::read_regular_file(dir.path(), where, kDefaultMaxFileSize);
  REQUIRE_FALSE(directory.has_value());
  CHECK(directory.error().code() == core::ErrorCode::Io);
  CHECK(directory.error().describe() ==
        "source 'census', file '" + dir.path().string() +
            "': is a folder, not a regular file; atpipe reads only regular files");

  if (::geteuid() == 0) {
    return;  // root reads a file whatever its mode
  }
  const auto locked = dir.write("locked.csv", "id\n1\n");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  const auto result = pull(config_for(locked));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == core::ErrorCode::Io);
  CHECK(result.error().describe() ==
        "source 'census', file '" + locked.string() + "': cannot open the file: Permission denied");
}

TEST_CASE("csv source: windows-1252 files are decoded, UTF-8 files are checked", "[unit][csv]") {
  TempDir dir;
  const auto file = dir.write("la.csv", "id,name,fee\n1,Ren\xE9\x65,\x80\x31\x30\n");
  auto config = config_for(file);
  config.encoding = Encoding::Windows1252;
  const auto decoded = pull(config);
  REQUIRE(decoded.has_value());
  CHECK(decoded->batches[0].rows[0].values ==
        Values{"1", "Ren\xC3\xA9\x65", "\xE2\x82\xAC\x31\x30"});

  config.encoding = Encoding::Utf8;
  const auto rejected = pull(config);
  REQUIRE_FALSE(rejected.has_value());
  CHECK(rejected.error().code() == core::ErrorCode::Encoding);
  CHECK(rejected.error().describe() ==
        "source 'census', file '" + file.string() +
            "', row 2: the file is not valid UTF-8 (if it was saved from Excel as plain CSV, set "
            "encoding: windows-1252)");
}

TEST_CASE("csv source: a byte-order mark means UTF-8 even when windows-1252 is set",
          "[unit][csv]") {
  TempDir dir;
  auto config = config_for(dir.write("la.csv", "\xEF\xBB\xBFid,name\n1,Ren\xC3\xA9\x65\n"));
  config.encoding = Encoding::Windows1252;
  const auto result = pull(config);
  REQUIRE(result.has_value());
  CHECK(result->batches[0].header == Values{"id", "name"});
  CHECK(result->batches[0].rows[0].values == Values{"1", "Ren\xC3\xA9\x65"});
}

}  // namespace atpipe::connectors::csv
