#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "connectors/common/source_base.hpp"
#include "connectors/csv/csv_config.hpp"

namespace atpipe::connectors::csv {

// A `type: csv` source: reads every file its config names, each as one whole RawBatch. Made by
// the csv factory, owned by the pipeline and pulled from the run's thread; it only reads its
// shared, immutable CsvConfig.
class CsvSource final : public SourceBase {
 public:
  // `max_field_length` is the source's common key: fields are stored up to one byte past it,
  // so the mapper still sees that a value was too long while a huge cell costs nothing.
  CsvSource(std::string name, CsvConfigPtr config, std::size_t max_field_length);

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  [[nodiscard]] core::Expected<core::RawBatch> read_one(const std::filesystem::path& file) const;

  CsvConfigPtr config_;
  std::size_t max_field_length_;
};

}  // namespace atpipe::connectors::csv
