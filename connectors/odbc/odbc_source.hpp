#pragma once

#include <string>

#include "connectors/common/source_base.hpp"
#include "connectors/odbc/odbc_config.hpp"
#include "connectors/odbc/odbc_handle.hpp"

namespace atpipe::connectors::odbc {

// A `type: odbc` source: connects with SQLDriverConnect (no DSN file needed), prepares its
// query, binds the params with SQLBindParameter and fetches row by row into one RawBatch.
// Made by the odbc factory, owned by the pipeline, pulled from the run's thread; it only
// reads its shared, immutable OdbcConfig.
class OdbcSource final : public SourceBase {
 public:
  OdbcSource(std::string name, OdbcConfigPtr config);

 protected:
  // SourceBase
  [[nodiscard]] core::Expected<core::PullResult> do_pull(const core::PullContext& ctx) override;

 private:
  [[nodiscard]] core::Unexpected<core::Error> connect_error(const Handle& dbc) const;
  [[nodiscard]] core::Unexpected<core::Error> query_error(const Handle& stmt,
                                                          std::size_t rows) const;
  [[nodiscard]] core::Expected<core::PullResult> fetch_all(const Handle& stmt) const;

  OdbcConfigPtr config_;
};

}  // namespace atpipe::connectors::odbc
