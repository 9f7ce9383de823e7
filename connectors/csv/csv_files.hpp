#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connectors/csv/csv_config.hpp"
#include "core/expected.hpp"
#include "core/provenance.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::csv {

// What a csv source's `path` (and `glob`) names on disk at the moment of a pull.
struct FileList {
  std::vector<std::filesystem::path> files;  // sorted by name, so runs are repeatable
  std::string nothing_found;                 // when `files` is empty: "no file matches '…'"
  // Entries whose names match but that are not readable regular files (see why_skipped()).
  std::vector<core::SkippedFile> skipped;
};

// Resolves the config's path: a file is itself, a directory gives its files matching `glob`
// (or *.csv), a pattern gives the files matching its last part. Hidden files never match,
// since uploads in progress are often written under a dot name first. A matching entry that
// is not a readable regular file (or a link to one) goes into `skipped` with its reason.
// Fails when a directory cannot be listed, or when `glob` is set but `path` has become a file.
[[nodiscard]] core::Expected<FileList> list_csv_files(const CsvConfig& config,
                                                      const core::Provenance& where);

}  // namespace atpipe::connectors::csv
