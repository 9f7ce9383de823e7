#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "connectors/csv/csv_parse.hpp"
#include "connectors/csv/csv_probe.hpp"
#include "connectors/csv/csv_source.hpp"
#include "core/regular_file.hpp"
#include "csv_test_files.hpp"

// Inputs a csv source must refuse or skip by name, never hang on or read without bound:
// FIFOs, devices, folders, sockets, dangling and looping links, files over max_file_size, and
// fields over max_field_length (kept short in memory, flagged by the mapper).

namespace atpipe::connectors::csv {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

core::Expected<core::PullResult> pull(const CsvConfig& config, std::size_t max_field = 4096) {
  CsvSource source("census", std::make_shared<const CsvConfig>(config), max_field);
  return source.pull(core::PullContext{});
}

CsvConfig config_for(const fs::path& path) {
  CsvConfig config;
  config.path = path;
  return config;
}

std::string error_of(const core::Expected<core::PullResult>& result) {
  REQUIRE_FALSE(result.has_value());
  return result.error().describe();
}

}  // namespace

TEST_CASE("csv inputs: a FIFO, a device or a folder as path is an error, not a hang",
          "[unit][csv]") {
  TempDir dir;
  const auto fifo = dir.path() / "in.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of(pull(config_for(fifo))) ==
        "source 'census', file '" + fifo.string() +
            "': is a FIFO (named pipe), not a regular file; atpipe reads only regular files");
  CHECK(error_of(pull(config_for("/dev/zero"))) ==
        "source 'census', file '/dev/zero': is a device, not a regular file; atpipe reads only "
        "regular files");
}

TEST_CASE("csv inputs: a socket as path is an error", "[unit][csv]") {
  TempDir dir;
  const auto path = dir.path() / "s.csv";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);  // NOLINT
  CHECK(error_of(pull(config_for(path))).find("is a socket, not a regular file") !=
        std::string::npos);
  ::close(fd);
}

TEST_CASE("csv inputs: matching entries a folder pull skips are named with the reason",
          "[unit][csv]") {
  TempDir dir;
  dir.write("in/a.csv", "id\n1\n");
  fs::create_directories(dir.path() / "in" / "sub.csv");
  REQUIRE(::mkfifo((dir.path() / "in" / "pipe.csv").c_str(), 0600) == 0);
  fs::create_symlink("nowhere.csv", dir.path() / "in" / "dangling.csv");
  fs::create_symlink("loop.csv", dir.path() / "in" / "loop.csv");
  fs::create_symlink("a.csv", dir.path() / "in" / "link.csv");  // a link to a file is read
  dir.write("in/.hidden.csv", "id\n");                          // hidden: never matches

  const auto result = pull(config_for(dir.path() / "in"));
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 2);
  const auto in = (dir.path() / "in").string() + "/";
  std::vector<std::string> skipped;
  for (const auto& s : result->skipped) {
    skipped.push_back(s.file.substr(in.size()) + ": " + s.reason);
  }
  CHECK(skipped ==
        std::vector<std::string>{"dangling.csv: is a symbolic link to nothing (dangling)",
                                 "loop.csv: is a symbolic link loop",
                                 "pipe.csv: is a FIFO (named pipe)", "sub.csv: is a folder"});
  if (::geteuid() != 0) {
    fs::permissions(dir.path() / "in" / "a.csv", fs::perms::none);
    const auto locked = pull(config_for(dir.path() / "in"));
    REQUIRE(locked.has_value());
    CHECK(locked->skipped.front().reason == "cannot be read: Permission denied");
  }
}

TEST_CASE("csv inputs: a file over max_file_size fails the source", "[unit][csv]") {
  TempDir dir;
  auto config = config_for(dir.write("a.csv", "id\n12345\n"));
  config.max_file_size = 8;
  CHECK(error_of(pull(config)) == "source 'census', file '" + config.path.string() +
                                      "': the file is 9 bytes, more than max_file_size (8 bytes)");
  config.max_file_size = 9;
  CHECK(pull(config).has_value());
}

TEST_CASE("csv inputs: sizes are read with binary units", "[unit][csv]") {
  CHECK(parse_size("2GiB") == (std::uint64_t{2} << 30U));
  CHECK(parse_size("500MiB") == (std::uint64_t{500} << 20U));
  CHECK(parse_size("64KiB") == 65536U);
  CHECK(parse_size("1048576") == 1048576U);
  CHECK_FALSE(parse_size("0"));
  CHECK_FALSE(parse_size("2GB"));
  CHECK_FALSE(parse_size("lots"));
  CHECK_FALSE(parse_size("99999999999999999999"));
}

TEST_CASE("csv inputs: a field keeps one byte past max_field_length, quoted or not",
          "[unit][csv]") {
  const std::string big(100000, 'x');
  CsvOptions options;
  options.max_field_length = 10;
  const auto batch = parse_csv("a,b\n" + big + ",\"" + big + "\"\"" + "\"\nshort,ok\n", options,
                               core::Provenance{"census", "in.csv", 0, ""});
  REQUIRE(batch.has_value());
  REQUIRE(batch->rows.size() == 2);
  CHECK(batch->rows[0].values ==
        std::vector<std::string>{std::string(11, 'x'), std::string(11, 'x')});
  CHECK(batch->rows[0].problem.empty());
  CHECK(batch->rows[1].values == std::vector<std::string>{"short", "ok"});
}

TEST_CASE("csv inputs: the probe reads each file's header only", "[unit][csv]") {
  TempDir dir;
  std::string long_title(200000, 't');  // the header sits past the first read
  dir.write("in/a.csv", long_title + "\nid,\"NHS\nNumber\",name\n1,2,3\n");
  dir.write("in/b.csv", "Ward census, 31/10/2026\nid,name\n");
  fs::create_directories(dir.path() / "in" / "sub.csv");
  auto config = config_for(dir.path() / "in");
  config.header_row = 2;
  auto probe = probe_csv(config, "census");
  REQUIRE(probe.has_value());
  CHECK(probe->note.empty());
  REQUIRE(probe->files.size() == 2);
  CHECK(probe->files[0].columns == std::vector<std::string>{"id", "NHS\nNumber", "name"});
  CHECK(probe->files[1].columns == std::vector<std::string>{"id", "name"});
  CHECK(probe->skipped.size() == 1);

  auto missing = probe_csv(config_for(dir.path() / "none.csv"), "census");
  REQUIRE(missing.has_value());
  CHECK(missing->note ==
        "file '" + (dir.path() / "none.csv").string() + "' does not exist; nothing to probe");
  const auto fifo = dir.path() / "f.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_FALSE(probe_csv(config_for(fifo), "census").has_value());
}

}  // namespace atpipe::connectors::csv
