#include "connectors/csv/csv_read.hpp"

#include <algorithm>
#include <utility>

#include "connectors/csv/csv_encoding.hpp"

namespace atpipe::connectors::csv {
namespace {

core::Expected<core::RawBatch> decode(std::string bytes, Encoding encoding, CsvOptions options,
                                      const core::Provenance& where, spdlog::logger& log) {
  options.check_utf8 = true;
  if (encoding == Encoding::Utf8 || starts_with_bom(bytes)) {
    if (encoding != Encoding::Utf8) {
      log.warn("'{}' has a UTF-8 byte-order mark, so it is read as UTF-8", where.file);
    }
    return parse_csv(bytes, options, where);
  }
  auto text = windows1252_to_utf8(bytes, where);
  if (!text) {
    return core::fail(std::move(text).error());
  }
  // The raw bytes are not needed once decoded; free them before the parse allocates rows.
  std::string().swap(bytes);
  options.check_utf8 = false;
  return parse_csv(*text, options, where);
}

}  // namespace

core::Expected<core::RawBatch> decode_and_parse(std::string bytes, Encoding encoding,
                                                CsvOptions options, const core::Provenance& where,
                                                spdlog::logger& log) {
  auto batch = decode(std::move(bytes), encoding, options, where, log);
  if (batch) {
    const auto flagged =
        std::count_if(batch->rows.begin(), batch->rows.end(),
                      [](const core::RawRow& row) { return !row.problem.empty(); });
    log.info("read '{}': {} row(s), {} with problems", batch->file, batch->rows.size(), flagged);
  }
  return batch;
}

core::Expected<void> decode_and_parse_parts(std::string bytes, Encoding encoding,
                                            CsvOptions options, const core::Provenance& where,
                                            spdlog::logger& log, std::size_t rows_per_part,
                                            const core::TakePart& take) {
  std::size_t rows = 0;
  std::size_t flagged = 0;
  const core::TakePart counted = [&](core::RawBatch part, std::size_t file_rows) {
    rows += part.rows.size();
    flagged += static_cast<std::size_t>(
        std::count_if(part.rows.begin(), part.rows.end(),
                      [](const core::RawRow& row) { return !row.problem.empty(); }));
    return take(std::move(part), file_rows);
  };
  options.check_utf8 = true;
  core::Expected<void> parsed;
  if (encoding == Encoding::Utf8 || starts_with_bom(bytes)) {
    if (encoding != Encoding::Utf8) {
      log.warn("'{}' has a UTF-8 byte-order mark, so it is read as UTF-8", where.file);
    }
    parsed = parse_csv_parts(bytes, options, where, rows_per_part, counted);
  } else {
    auto text = windows1252_to_utf8(bytes, where);
    if (!text) {
      return core::fail(std::move(text).error());
    }
    std::string().swap(bytes);
    options.check_utf8 = false;
    parsed = parse_csv_parts(*text, options, where, rows_per_part, counted);
  }
  if (parsed) {
    log.info("read '{}': {} row(s), {} with problems", where.file, rows, flagged);
  }
  return parsed;
}

core::Expected<std::optional<std::vector<std::string>>> decode_and_parse_header(
    std::string_view bytes, Encoding encoding, CsvOptions options, const core::Provenance& where,
    bool whole) {
  options.check_utf8 = true;
  if (encoding == Encoding::Utf8 || starts_with_bom(bytes)) {
    return parse_csv_header(bytes, options, where, whole);
  }
  auto text = windows1252_to_utf8(bytes, where);
  if (!text) {
    return core::fail(std::move(text).error());
  }
  options.check_utf8 = false;
  return parse_csv_header(*text, options, where, whole);
}

}  // namespace atpipe::connectors::csv
