#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "config/key_table.hpp"
#include "config/model.hpp"

namespace atpipe::connectors::csv {

enum class Encoding { Utf8, Windows1252 };

// 2 GiB: far above any real extract, well below what would exhaust memory on a small server.
inline constexpr std::uint64_t kDefaultMaxFileSize = std::uint64_t{2} << 30U;

// The settings of one `type: csv` source, checked once by parse_csv_config() and then shared
// read-only (style.md rule 3) by the factory and every CsvSource made from it.
struct CsvConfig : config::ConnectorConfig {
  std::filesystem::path path;       // a file, a directory, or a pattern in its last part
  std::optional<std::string> glob;  // only when given in the YAML; directories default to *.csv
  Encoding encoding = Encoding::Utf8;
  char delimiter = ',';
  std::size_t header_row = 1;                         // 1-based; the lines above it are skipped
  bool required = true;                               // false: finding no file is not an error
  std::uint64_t max_file_size = kDefaultMaxFileSize;  // bytes; a bigger file fails the source
};

using CsvConfigPtr = std::shared_ptr<const CsvConfig>;

// The file-name pattern used when `path` is a directory and `glob` is not given.
inline constexpr const char* kDefaultGlob = "*.csv";

// The key table of `type: csv` (style.md rule 4).
[[nodiscard]] const config::KeyTable& csv_keys();

// Builds the config from a reader over the source's mapping. Adds the cross-key errors to the
// reader's diagnostics and returns nullptr when the config is unusable.
[[nodiscard]] std::shared_ptr<const CsvConfig> parse_csv_config(const config::NodeReader& reader);

// "2GiB", "500MiB", "64KiB" or a plain number of bytes; nullopt for anything else or 0.
[[nodiscard]] std::optional<std::uint64_t> parse_size(const std::string& text);

// True when `text` holds a glob wildcard (* ? [).
[[nodiscard]] bool has_wildcard(const std::string& text);

}  // namespace atpipe::connectors::csv
