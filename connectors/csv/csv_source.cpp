#include "connectors/csv/csv_source.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <utility>

#include "config/basic_factory.hpp"
#include "config/source_factory.hpp"
#include "config/source_registry.hpp"
#include "connectors/csv/csv_files.hpp"
#include "connectors/csv/csv_probe.hpp"
#include "connectors/csv/csv_read.hpp"
#include "core/regular_file.hpp"

namespace atpipe::connectors::csv {

CsvSource::CsvSource(std::string name, CsvConfigPtr config, std::size_t max_field_length)
    : SourceBase(std::move(name), "csv"),
      config_(std::move(config)),
      max_field_length_(max_field_length) {}

core::Expected<FileList> CsvSource::files_to_read() const {
  const core::Provenance where{name(), "", 0, ""};
  auto listed = list_csv_files(*config_, where);
  if (!listed) {
    return core::fail(std::move(listed).error());
  }
  for (const auto& skipped : listed->skipped) {
    log().warn("skipped '{}': it {}", skipped.file, skipped.reason);
  }
  if (listed->files.empty()) {
    if (config_->required) {
      return core::fail(core::ErrorCode::NotFound,
                        listed->nothing_found + " (set 'required: false' if that can happen)",
                        where);
    }
    log().info("{}; nothing to read", listed->nothing_found);
  }
  return listed;
}

core::Expected<core::PullResult> CsvSource::do_pull(const core::PullContext& /*ctx*/) {
  auto listed = files_to_read();
  if (!listed) {
    return core::fail(std::move(listed).error());
  }
  core::PullResult result;
  result.skipped = std::move(listed->skipped);
  result.batches.reserve(listed->files.size());
  for (const auto& file : listed->files) {
    // One bad file fails the source: a partial set of files would look like a complete one.
    auto batch = read_one(file);
    if (!batch) {
      return core::fail(std::move(batch).error());
    }
    result.batches.push_back(std::move(*batch));
  }
  return result;
}

core::Expected<std::vector<core::SkippedFile>> CsvSource::pull_parts(
    const core::PullContext& /*ctx*/, std::size_t rows_per_part, const core::TakePart& take) {
  auto listed = files_to_read();
  if (!listed) {
    log().error("pull failed: {}", listed.error().describe());
    return core::fail(std::move(listed).error());
  }
  for (const auto& file : listed->files) {
    // One bad file fails the source, as in do_pull(); the taker drops what it took.
    auto bytes = read_bytes(file);
    auto read = bytes ? decode_and_parse_parts(std::move(*bytes), config_->encoding, options(),
                                               where_of(file), log(), rows_per_part, take)
                      : core::Expected<void>(core::fail(bytes.error()));
    if (!read) {
      log().error("pull failed: {}", read.error().describe());
      return core::fail(read.error());
    }
  }
  return std::move(listed->skipped);
}

core::Provenance CsvSource::where_of(const std::filesystem::path& file) const {
  return core::Provenance{name(), file.string(), 0, ""};
}

core::Expected<std::string> CsvSource::read_bytes(const std::filesystem::path& file) const {
  return core::read_regular_file(file, where_of(file), config_->max_file_size);
}

CsvOptions CsvSource::options() const {
  CsvOptions options;
  options.delimiter = config_->delimiter;
  options.header_row = config_->header_row;
  options.max_field_length = max_field_length_;
  return options;
}

core::Expected<core::RawBatch> CsvSource::read_one(const std::filesystem::path& file) const {
  auto bytes = read_bytes(file);
  if (!bytes) {
    return core::fail(std::move(bytes).error());
  }
  return decode_and_parse(std::move(*bytes), config_->encoding, options(), where_of(file), log());
}

namespace {

// Makes csv sources (style.md "Plugins"): stateless; the keys and their checks live in
// csv_config.cpp, so this only connects them to the registry.
struct CsvTraits {
  using Config = CsvConfig;
  static constexpr std::string_view kType = "csv";
  static constexpr std::string_view kSummary =
      "reads CSV files from a file, a directory or a file-name pattern";
  static const config::KeyTable& keys() { return csv_keys(); }
  static config::ConnectorConfigPtr parse(const config::NodeReader& reader) {
    return parse_csv_config(reader);
  }
  static core::Expected<core::SourcePtr> make(const config::SourceSpec& spec,
                                              std::shared_ptr<const CsvConfig> typed) {
    return core::SourcePtr(
        std::make_unique<CsvSource>(spec.name, std::move(typed), spec.max_field_length));
  }
};

// csv also reads each file's header for `check-config --probe`.
class CsvFactory final : public config::BasicSourceFactory<CsvTraits> {
 public:
  // config::SourceFactory
  [[nodiscard]] core::Expected<config::SourceProbe> probe(
      const config::SourceSpec& spec) const override {
    auto typed = typed_config(spec);
    if (!typed) {
      return core::fail(std::move(typed).error());
    }
    return probe_csv(**typed, spec.name);
  }
};

}  // namespace

ATPIPE_REGISTER_SOURCE("csv", CsvFactory)

}  // namespace atpipe::connectors::csv
