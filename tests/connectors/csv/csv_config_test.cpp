#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/key_table.hpp"
#include "config/source_registry.hpp"
#include "connectors/csv/csv_config.hpp"
#include "csv_test_files.hpp"

namespace atpipe::connectors::csv {
namespace {

const std::filesystem::path kConfigFile = "/etc/atpipe/atpipe.yaml";

const config::SourceFactory& csv_factory() {
  static const auto registry = config::SourceRegistry::build();
  REQUIRE(registry.has_value());
  const auto* factory = registry->find("csv");
  REQUIRE(factory != nullptr);
  return *factory;
}

// Runs the factory's parse() the way the loader does: a reader over the source's mapping.
struct Parsed {
  std::shared_ptr<const CsvConfig> config;
  std::vector<std::string> errors;
};

Parsed parse_yaml(const std::string& yaml, const std::filesystem::path& config_file = kConfigFile) {
  config::Diagnostics diag;
  const auto& factory = csv_factory();
  config::NodeReader reader(YAML::Load(yaml), factory.keys(), "source 'census'", diag, config_file);
  Parsed out;
  out.config = std::dynamic_pointer_cast<const CsvConfig>(factory.parse(reader));
  for (const auto& item : diag.items()) {
    out.errors.push_back(item.describe());
  }
  return out;
}

// The one error `yaml` gives. A bad value must also make parse() refuse the config; an unknown
// key is the reader's to report, and the loader refuses the whole file for it.
std::string only_error(const std::string& yaml, bool refused = true) {
  const auto parsed = parse_yaml(yaml);
  CHECK((parsed.config == nullptr) == refused);
  REQUIRE(parsed.errors.size() == 1);
  return parsed.errors[0];
}

}  // namespace

TEST_CASE("csv config: the factory is registered with its key table", "[unit][csv]") {
  const auto& factory = csv_factory();
  CHECK(factory.type() == "csv");
  std::vector<std::string> names;
  for (const auto& key : factory.keys()) {
    names.push_back(key.name);
    CHECK_FALSE(key.doc.empty());
  }
  CHECK(names == std::vector<std::string>{"path", "glob", "encoding", "delimiter", "header_row",
                                          "required", "max_file_size"});
}

TEST_CASE("csv config: defaults", "[unit][csv]") {
  const auto parsed = parse_yaml("path: /srv/in/census_*.csv\n");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->path == "/srv/in/census_*.csv");
  CHECK_FALSE(parsed.config->glob.has_value());
  CHECK(parsed.config->encoding == Encoding::Utf8);
  CHECK(parsed.config->delimiter == ',');
  CHECK(parsed.config->header_row == 1);
  CHECK(parsed.config->required);
}

TEST_CASE("csv config: every key", "[unit][csv]") {
  test::TempDir dir;
  const auto parsed = parse_yaml("path: " + dir.path().string() +
                                 "\nglob: 'census_*.txt'\nencoding: windows-1252\n"
                                 "delimiter: \"\\t\"\nheader_row: 2\nrequired: false\n");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->path == dir.path());
  CHECK(parsed.config->glob == "census_*.txt");
  CHECK(parsed.config->encoding == Encoding::Windows1252);
  CHECK(parsed.config->delimiter == '\t');
  CHECK(parsed.config->header_row == 2);
  CHECK_FALSE(parsed.config->required);
}

TEST_CASE("csv config: a relative path is resolved against the config's folder", "[unit][csv]") {
  const auto parsed = parse_yaml("path: inbound/census.csv\n");
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->path == "/etc/atpipe/inbound/census.csv");
}

TEST_CASE("csv config: glob is only allowed when path is a directory", "[unit][csv]") {
  CHECK(only_error("path: /srv/in/census_*.csv\nglob: '*.txt'\n") ==
        "/etc/atpipe/atpipe.yaml:2:7: error: 'glob' in source 'census' is only allowed when "
        "'path' is a directory, and '/srv/in/census_*.csv' is already a pattern");

  test::TempDir dir;
  const auto file = dir.write("census.csv", "id\n");
  CHECK(only_error("path: " + file.string() + "\nglob: '*.csv'\n") ==
        "/etc/atpipe/atpipe.yaml:2:7: error: 'glob' in source 'census' is only allowed when "
        "'path' is a directory, and '" +
            file.string() + "' is a file");

  CHECK(only_error("path: /srv/in\nglob: 'x/*.csv'\n") ==
        "/etc/atpipe/atpipe.yaml:2:7: error: 'glob' in source 'census' matches file names only "
        "and cannot contain '/'");
  CHECK(only_error("path: /srv/in\nglob: ''\n") ==
        "/etc/atpipe/atpipe.yaml:2:7: error: 'glob' in source 'census' cannot be empty");
  // A directory that does not exist here may exist where the daemon runs.
  CHECK(parse_yaml("path: /srv/in\nglob: '*.txt'\n").errors.empty());
}

TEST_CASE("csv config: wildcards only in the file name of path", "[unit][csv]") {
  CHECK(only_error("path: /srv/in_*/census.csv\n") ==
        "/etc/atpipe/atpipe.yaml:1:7: error: 'path' in source 'census' may have wildcards only "
        "in its file name, not in its directories");
}

TEST_CASE("csv config: delimiter must be one plain character", "[unit][csv]") {
  CHECK(only_error("path: /srv/in\ndelimiter: ';;'\n") ==
        "/etc/atpipe/atpipe.yaml:2:12: error: 'delimiter' in source 'census' must be one ASCII "
        "character, got ';;'");
  CHECK(only_error("path: /srv/in\ndelimiter: '\"'\n") ==
        "/etc/atpipe/atpipe.yaml:2:12: error: 'delimiter' in source 'census' cannot be a quote "
        "or a line break");
  CHECK(parse_yaml("path: /srv/in\ndelimiter: ';'\n").config->delimiter == ';');
}

TEST_CASE("csv config: header_row must be 1 or more", "[unit][csv]") {
  CHECK(only_error("path: /srv/in\nheader_row: 0\n") ==
        "/etc/atpipe/atpipe.yaml:2:13: error: 'header_row' in source 'census' must be 1 or more, "
        "got 0");
}

TEST_CASE("csv config: max_file_size takes a size with a binary unit", "[unit][csv]") {
  const auto parsed = parse_yaml("path: /srv/in\nmax_file_size: 500MiB\n");
  REQUIRE(parsed.config != nullptr);
  CHECK(parsed.config->max_file_size == (std::uint64_t{500} << 20U));
  CHECK(parse_yaml("path: /srv/in\n").config->max_file_size == kDefaultMaxFileSize);
  CHECK(only_error("path: /srv/in\nmax_file_size: 2GB\n") ==
        "/etc/atpipe/atpipe.yaml:2:16: error: 'max_file_size' in source 'census' must be a size "
        "above 0 such as 2GiB, 500MiB or 1048576, got '2GB'");
}

TEST_CASE("csv config: the key table drives type, choice and presence checks", "[unit][csv]") {
  CHECK(only_error("path: /srv/in\nencoding: latin-1\n") ==
        "/etc/atpipe/atpipe.yaml:2:11: error: 'encoding' in source 'census' must be 'utf-8' or "
        "'windows-1252', got 'latin-1'");
  CHECK(only_error("path: /srv/in\nrequired: maybe\n") ==
        "/etc/atpipe/atpipe.yaml:2:11: error: 'required' in source 'census' must be true or "
        "false, got 'maybe'");
  CHECK(only_error("path: /srv/in\ndelimeter: ';'\n", false) ==
        "/etc/atpipe/atpipe.yaml:2:1: error: unknown key 'delimeter' in source 'census', did you "
        "mean 'delimiter'? (allowed: delimiter, encoding, glob, header_row, max_file_size, path, "
        "required)");
  CHECK(only_error("encoding: utf-8\n") ==
        "/etc/atpipe/atpipe.yaml:1:1: error: missing required key 'path' in source 'census'");
}

TEST_CASE("csv config: create() makes a source from the parsed config", "[unit][csv]") {
  const auto parsed = parse_yaml("path: /srv/in\n");
  config::SourceSpec spec;
  spec.name = "census";
  spec.type = "csv";
  spec.connector = parsed.config;
  auto source = csv_factory().create(spec);
  REQUIRE(source.has_value());
  CHECK((*source)->name() == "census");
  CHECK((*source)->type() == "csv");

  spec.connector = nullptr;
  auto refused = csv_factory().create(spec);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code() == core::ErrorCode::Internal);
  CHECK(refused.error().describe() == "source 'census': source has no csv settings");
}

TEST_CASE("csv config: the fixture read end to end through the factory", "[unit][csv]") {
  const std::filesystem::path data =
      std::filesystem::path(ATPIPE_SOURCE_DIR) / "tests" / "connectors" / "csv" / "data";
  const auto parsed = parse_yaml("path: census_cp1252.csv\nencoding: windows-1252\nheader_row: 2\n",
                                 data / "atpipe.yaml");
  REQUIRE(parsed.errors.empty());
  config::SourceSpec spec;
  spec.name = "census";
  spec.connector = parsed.config;
  auto source = csv_factory().create(spec);
  REQUIRE(source.has_value());
  const auto result = (*source)->pull(core::PullContext{});
  REQUIRE(result.has_value());
  REQUIRE(result->batches.size() == 1);
  const auto& batch = result->batches[0];
  CHECK(batch.file == (data / "census_cp1252.csv").string());
  CHECK(batch.header == std::vector<std::string>{"Patient ID", "NHS Number", "Surname", "Forename",
                                                 "Ward", "Notes"});
  REQUIRE(batch.rows.size() == 3);
  CHECK(batch.rows[0].row == 3);
  CHECK(batch.rows[0].values[2] == "Ren\xC3\xA9\x65");
  CHECK(batch.rows[0].values[5] == "Transferred from \"Oak\" ward");
  CHECK(batch.rows[1].row == 4);
  CHECK(batch.rows[1].values[2] == "O\xE2\x80\x99\x42rien");
  CHECK(batch.rows[1].values[5] == "Fee \xE2\x82\xAC\x31\x32\x30\r\nreviewed");
  CHECK(batch.rows[1].problem.empty());
  CHECK(batch.rows[2].row == 6);
  CHECK(batch.rows[2].problem == "row has 5 fields but the header has 6");
}

}  // namespace atpipe::connectors::csv
