#pragma once

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
  CsvSource(std::string name, CsvConfigPtr config);

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  [[nodiscard]] core::Expected<core::RawBatch> read_one(const std::filesystem::path& file) const;

  CsvConfigPtr config_;
};

}  // namespace atpipe::connectors::csv
