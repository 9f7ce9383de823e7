#pragma once

#include <spdlog/logger.h>

#include <string>

#include "connectors/csv/csv_config.hpp"
#include "connectors/csv/csv_parse.hpp"
#include "core/expected.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::csv {

// Reads one whole file's bytes by the csv connector's rules: decoded as `encoding` (a UTF-8
// byte-order mark wins, with a warning: the file was re-saved as "CSV UTF-8"), then parsed.
// Shared by every source that delivers CSV files, so a file reads the same however it
// arrived; logs file names and counts only.
[[nodiscard]] core::Expected<core::RawBatch> decode_and_parse(std::string bytes, Encoding encoding,
                                                              CsvOptions options,
                                                              const core::Provenance& where,
                                                              spdlog::logger& log);

}  // namespace atpipe::connectors::csv
