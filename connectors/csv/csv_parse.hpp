#pragma once

#include <cstddef>
#include <string_view>

#include "core/expected.hpp"
#include "core/provenance.hpp"
#include "core/source.hpp"

namespace atpipe::connectors::csv {

struct CsvOptions {
  char delimiter = ',';
  std::size_t header_row = 1;  // 1-based; the lines above it are skipped unparsed
  bool check_utf8 = true;      // false when the text comes from a decoder and is known good
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

}  // namespace atpipe::connectors::csv
