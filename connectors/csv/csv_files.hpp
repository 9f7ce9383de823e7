#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connectors/csv/csv_config.hpp"
#include "core/expected.hpp"
#include "core/provenance.hpp"

namespace atpipe::connectors::csv {

// What a csv source's `path` (and `glob`) names on disk at the moment of a pull.
struct FileList {
  std::vector<std::filesystem::path> files;  // sorted by name, so runs are repeatable
  std::string nothing_found;                 // when `files` is empty: "no file matches '…'"
};

// Resolves the config's path: a file is itself, a directory gives its files matching `glob`
// (or *.csv), a pattern gives the files matching its last part. Hidden files never match,
// since uploads in progress are often written under a dot name first. Fails when a directory
// cannot be listed, or when `glob` is set but `path` has become a file.
[[nodiscard]] core::Expected<FileList> list_csv_files(const CsvConfig& config,
                                                      const core::Provenance& where);

// The whole contents of `file`; an error (ErrorCode::Io) with `where` when it cannot be read.
[[nodiscard]] core::Expected<std::string> read_file_bytes(const std::filesystem::path& file,
                                                          const core::Provenance& where);

}  // namespace atpipe::connectors::csv
