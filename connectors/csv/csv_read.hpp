#pragma once

#include <spdlog/logger.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// As decode_and_parse(), with the rows handed to `take` in parts (see parse_csv_parts()).
[[nodiscard]] core::Expected<void> decode_and_parse_parts(
    std::string bytes, Encoding encoding, CsvOptions options, const core::Provenance& where,
    spdlog::logger& log, std::size_t rows_per_part, const core::TakePart& take);

// The header of the start of a file (`whole` when it is the whole file), decoded and parsed
// by the same rules; nullopt when more of the file is needed (see parse_csv_header()).
[[nodiscard]] core::Expected<std::optional<std::vector<std::string>>> decode_and_parse_header(
    std::string_view bytes, Encoding encoding, CsvOptions options, const core::Provenance& where,
    bool whole);

}  // namespace atpipe::connectors::csv
