#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"
#include "core/provenance.hpp"
#include "core/source.hpp"
#include "core/source_parts.hpp"

namespace atpipe::connectors::csv {

struct CsvOptions {
  char delimiter = ',';
  std::size_t header_row = 1;  // 1-based; the lines above it are skipped unparsed
  bool check_utf8 = true;      // false when the text comes from a decoder and is known good
  // 0 = no limit; otherwise a field keeps at most this many bytes plus one, so that a 50 MB
  // cell is still seen to be too long (by the mapper) without being copied.
  std::size_t max_field_length = 0;
};

// Parses one whole file held in memory as RFC 4180 CSV: quoted fields with doubled quotes and
// line breaks inside, CRLF, LF or lone CR line ends, a leading UTF-8 BOM, blank lines skipped
// (but counted, so that RawRow::row matches a spreadsheet). The batch's file is `where.file`.
//
// A row with the wrong number of fields, or a quote inside an unquoted field, is kept with a
// `problem`. Anything that leaves the row boundaries in doubt (an unterminated quote, text
// after a closing quote), invalid UTF-8, or a bad header fails the whole file with an error
// naming `where` and the row.
[[nodiscard]] core::Expected<core::RawBatch> parse_csv(std::string_view text,
                                                       const CsvOptions& options,
                                                       const core::Provenance& where);

// As parse_csv(), with the rows handed to `take` in parts of at most `rows_per_part` rows
// (the same rows, problems and row numbers; one part, perhaps empty, when the file has no
// more rows than that). An error may come after some parts were taken: the caller drops them
// (see core::PartedSource). An error from `take` stops the parse and is returned.
[[nodiscard]] core::Expected<void> parse_csv_parts(std::string_view text, const CsvOptions& options,
                                                   const core::Provenance& where,
                                                   std::size_t rows_per_part,
                                                   const core::TakePart& take);

// Only the header of `text`, by parse_csv()'s rules (the same errors), for a quick look at a
// file's columns. When `text` is the start of a longer file (`whole` false), a header that
// runs to the end of `text` may be cut short: the result is then nullopt, and the caller
// reads more.
[[nodiscard]] core::Expected<std::optional<std::vector<std::string>>> parse_csv_header(
    std::string_view text, const CsvOptions& options, const core::Provenance& where, bool whole);

}  // namespace atpipe::connectors::csv
