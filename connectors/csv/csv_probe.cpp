#include "connectors/csv/csv_probe.hpp"

#include <algorithm>
#include <utility>

#include "connectors/csv/csv_files.hpp"
#include "connectors/csv/csv_read.hpp"
#include "core/regular_file.hpp"

namespace atpipe::connectors::csv {
namespace {

// Enough for any real header; doubled while the header runs past what was read.
constexpr std::uint64_t kFirstRead = std::uint64_t{64} << 10U;

core::Expected<std::vector<std::string>> header_of(const CsvConfig& config,
                                                   const std::filesystem::path& file,
                                                   const core::Provenance& where) {
  CsvOptions options;
  options.delimiter = config.delimiter;
  options.header_row = config.header_row;
  for (std::uint64_t size = std::min(kFirstRead, config.max_file_size);; size *= 2) {
    size = std::min(size, config.max_file_size);
    auto prefix = core::read_regular_prefix(file, where, size);
    if (!prefix) {
      return core::fail(std::move(prefix).error());
    }
    const bool whole = prefix->whole || size == config.max_file_size;
    auto header = decode_and_parse_header(prefix->bytes, config.encoding, options, where, whole);
    if (!header) {
      return core::fail(std::move(header).error());
    }
    if (*header) {
      return std::move(**header);
    }
  }
}

}  // namespace

core::Expected<config::SourceProbe> probe_csv(const CsvConfig& config, const std::string& source) {
  const core::Provenance where{source, "", 0, ""};
  auto listed = list_csv_files(config, where);
  if (!listed) {
    return core::fail(std::move(listed).error());
  }
  config::SourceProbe out;
  out.skipped = std::move(listed->skipped);
  if (listed->files.empty()) {
    out.note = listed->nothing_found + "; nothing to probe";
    return out;
  }
  for (const auto& file : listed->files) {
    auto header = header_of(config, file, core::Provenance{source, file.string(), 0, ""});
    if (!header) {
      return core::fail(std::move(header).error());
    }
    out.files.push_back({file.string(), std::move(*header)});
  }
  return out;
}

}  // namespace atpipe::connectors::csv
