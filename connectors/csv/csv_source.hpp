#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "connectors/common/source_base.hpp"
#include "connectors/csv/csv_config.hpp"
#include "connectors/csv/csv_files.hpp"
#include "connectors/csv/csv_parse.hpp"
#include "core/source_parts.hpp"

namespace atpipe::connectors::csv {

// A `type: csv` source: reads every file its config names, each as one whole RawBatch, or (as
// a PartedSource) in parts of rows, so that a large file's raw rows are not all held. Made by
// the csv factory, owned by the pipeline and pulled from the run's thread; it only reads its
// shared, immutable CsvConfig.
class CsvSource final : public SourceBase, public core::PartedSource {
 public:
  // `max_field_length` is the source's common key: fields are stored up to one byte past it,
  // so the mapper still sees that a value was too long while a huge cell costs nothing.
  CsvSource(std::string name, CsvConfigPtr config, std::size_t max_field_length);

  // core::PartedSource
  [[nodiscard]] core::Expected<std::vector<core::SkippedFile>> pull_parts(
      const core::PullContext& ctx, std::size_t rows_per_part, const core::TakePart& take) override;

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  // The files the config names now; fails when none is found and the source is required.
  [[nodiscard]] core::Expected<FileList> files_to_read() const;
  [[nodiscard]] core::Provenance where_of(const std::filesystem::path& file) const;
  [[nodiscard]] core::Expected<std::string> read_bytes(const std::filesystem::path& file) const;
  [[nodiscard]] CsvOptions options() const;
  [[nodiscard]] core::Expected<core::RawBatch> read_one(const std::filesystem::path& file) const;

  CsvConfigPtr config_;
  std::size_t max_field_length_;
};

}  // namespace atpipe::connectors::csv
