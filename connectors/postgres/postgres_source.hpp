#pragma once

#include <string>

#include "connectors/common/source_base.hpp"
#include "connectors/postgres/postgres_config.hpp"

namespace atpipe::connectors::postgres {

// A `type: postgres` source: runs its query once per pull with libpq, binding the params
// ($1, $2 …) and streaming the rows in single-row mode into one RawBatch. Made by the
// postgres factory, owned by the pipeline, pulled from the run's thread; it only reads its
// shared, immutable PostgresConfig.
class PostgresSource final : public SourceBase {
 public:
  PostgresSource(std::string name, PostgresConfigPtr config);

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  PostgresConfigPtr config_;
};

}  // namespace atpipe::connectors::postgres
